import yaml from 'yaml';
import { parseApplicationManifest, sameRepoUrl } from './applicationManifest';

const REPO = 'https://git.example.com/platform/gitops.git';
const policy = { project: 'default', allowedRepoUrls: [REPO] };
const app = (spec: object = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'payments' },
  spec: {
    source: { repoURL: REPO, path: 'services/payments' },
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'payments',
    },
    ...spec,
  },
});

describe('sameRepoUrl', () => {
  it.each([
    [REPO, 'https://git.example.com/platform/gitops', true],
    [REPO, 'https://GIT.example.com/platform/gitops.git/', true],
    [REPO, 'http://git.example.com/platform/gitops.git', false],
    [REPO, 'https://git.example.com/platform/other.git', false],
    [REPO, 'https://git.example.com.evil.io/platform/gitops.git', false],
  ])('%s ~ %s is %s', (a, b, expected) => {
    expect(sameRepoUrl(a, b)).toBe(expected);
  });
});

describe('parseApplicationManifest', () => {
  it('defaults the project and keeps every other field', () => {
    const parsed = parseApplicationManifest(
      yaml.stringify(
        app({
          syncPolicy: { automated: { selfHeal: true } },
          revisionHistoryLimit: 5,
        }),
      ),
      policy,
    );
    expect(parsed.spec).toMatchObject({
      project: 'default',
      revisionHistoryLimit: 5,
    });
    expect(parsed.spec.syncPolicy?.automated).toEqual({ selfHeal: true });
  });

  it('checks every source of a multi-source Application', () => {
    const multi = app({
      source: undefined,
      sources: [
        { repoURL: REPO, path: 'a' },
        { repoURL: 'https://charts.example.com', chart: 'x' },
      ],
    });
    expect(() =>
      parseApplicationManifest(yaml.stringify(multi), policy),
    ).toThrow('points at repository https://charts.example.com');
    expect(
      parseApplicationManifest(yaml.stringify(multi), {
        ...policy,
        allowedRepoUrls: [],
      }).spec.sources,
    ).toHaveLength(2);
  });

  it.each([
    ['kind: [', 'not valid YAML'],
    [
      yaml.stringify({ ...app(), apiVersion: 'v1' }),
      "apiVersion must be 'argoproj.io/v1alpha1'",
    ],
    [
      yaml.stringify({ ...app(), metadata: { name: 'Payments_1' } }),
      'metadata.name must be a DNS-1123 subdomain',
    ],
    [
      yaml.stringify(app({ source: undefined })),
      'spec must have exactly one of source or sources',
    ],
    [yaml.stringify(app({ source: { path: 'x' } })), 'Required'],
  ])('refuses %s', (text, message) => {
    expect(() => parseApplicationManifest(text, policy)).toThrow(message);
  });
});
