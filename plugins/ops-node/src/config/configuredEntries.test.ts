import { ConfigReader } from '@backstage/config';
import {
  ARGOCD_ENTRIES,
  CLUSTER_ENTRIES,
  findConfiguredEntry,
  readWriterSecret,
} from './configuredEntries';

const config = (extra: object = {}) =>
  new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'catalog' },
        { type: 'config', clusters: [{ name: 'a', url: 'https://a' }] },
        { type: 'config', clusters: [{ name: 'b', url: 'https://b' }] },
      ],
    },
    argocd: {
      appLocatorMethods: [
        { type: 'config', instances: [{ name: 'main', url: 'https://m' }] },
      ],
    },
    ...extra,
  });

describe('findConfiguredEntry', () => {
  it.each([
    ['cluster', CLUSTER_ENTRIES, 'b', 'https://b'],
    ['Argo CD instance', ARGOCD_ENTRIES, 'main', 'https://m'],
  ])(
    'finds the %s %s across every config locator',
    (_what, entries, name, url) => {
      expect(
        findConfiguredEntry(config(), entries, name, 'x.key').getString('url'),
      ).toBe(url);
    },
  );

  it.each([
    [
      'cluster',
      CLUSTER_ENTRIES,
      "Config 'x.key' names cluster 'c', which is not among the clusters of kubernetes.clusterLocatorMethods (type config): a, b",
    ],
    [
      'Argo CD instance',
      ARGOCD_ENTRIES,
      "Config 'x.key' names Argo CD instance 'c', which is not among argocd.appLocatorMethods (type config): main",
    ],
  ])(
    'names the known entries when the %s is unknown',
    (_what, entries, message) => {
      expect(() =>
        findConfiguredEntry(config(), entries, 'c', 'x.key'),
      ).toThrow(message);
    },
  );
});

describe('readWriterSecret', () => {
  const writers = (production: boolean, secret?: string) =>
    config({
      ...(production && { auth: { environment: 'production' } }),
      opsPortal: {
        argocd: {
          writers: secret ? [{ instance: 'main', token: secret }] : [],
        },
      },
    });
  const read = (production: boolean, secret?: string, readerSecret?: string) =>
    readWriterSecret(writers(production, secret), ARGOCD_ENTRIES, 'main', {
      configKey: 'x.key',
      readerSecret,
    });

  it.each([
    [false, 'w', 'r', 'w'],
    [true, 'w', 'r', 'w'],
    [false, undefined, 'r', 'r'],
    [false, 'r', 'r', 'r'],
  ])(
    'production %s, writer %s, reader %s → %s',
    (production, secret, reader, expected) => {
      expect(read(production, secret, reader)).toBe(expected);
    },
  );

  it.each([
    [true, undefined, 'r', 'which has no writer credential'],
    [
      false,
      undefined,
      undefined,
      "The Argo CD instance 'main' has no token in argocd.appLocatorMethods and no entry in opsPortal.argocd.writers; 'x.key' needs one",
    ],
    [true, 'r', 'r', 'give the writers their own account'],
  ])(
    'production %s, writer %s, reader %s is refused',
    (production, secret, reader, message) => {
      expect(() => read(production, secret, reader)).toThrow(message);
    },
  );
});
