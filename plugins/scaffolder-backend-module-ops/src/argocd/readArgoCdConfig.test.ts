import { ConfigReader } from '@backstage/config';
import { readArgoCdConfig } from './readArgoCdConfig';

const read = (opsPortal: object) =>
  readArgoCdConfig(
    new ConfigReader({
      opsPortal,
      argocd: {
        appLocatorMethods: [
          {
            type: 'config',
            instances: [
              {
                name: 'prod',
                url: 'https://argocd.example.com/',
                token: 'argo-token',
              },
              {
                name: 'tokenless',
                url: 'https://argocd.example.com',
                username: 'admin',
                password: 'x',
              },
            ],
          },
        ],
      },
    }),
  );

describe('readArgoCdConfig', () => {
  it('finds the instance and takes the GitOps repository as the only allowed one', () => {
    expect(
      read({
        scaffolder: { argocdInstance: 'prod', argocdProject: 'services' },
        gitops: { repoUrl: 'https://git.example.com/gitops.git' },
      }),
    ).toEqual({
      instance: {
        name: 'prod',
        url: 'https://argocd.example.com',
        token: 'argo-token',
      },
      project: 'services',
      allowedRepoUrls: ['https://git.example.com/gitops.git'],
    });
    expect(read({ scaffolder: { argocdInstance: 'prod' } })).toMatchObject({
      project: 'default',
      allowedRepoUrls: [],
    });
  });

  it('creates Applications with the writer token of opsPortal.argocd.writers', () => {
    expect(
      read({
        scaffolder: { argocdInstance: 'prod' },
        argocd: { writers: [{ instance: 'prod', token: 'writer-token' }] },
      }),
    ).toMatchObject({
      instance: { name: 'prod', token: 'writer-token' },
    });
  });

  it.each([
    [{}, "Missing config 'opsPortal.scaffolder.argocdInstance'"],
    [
      { scaffolder: { argocdInstance: 'dev' } },
      "names Argo CD instance 'dev', which is not among argocd.appLocatorMethods (type config): prod, tokenless",
    ],
    [
      { scaffolder: { argocdInstance: 'tokenless' } },
      "Argo CD instance 'tokenless' has no token",
    ],
  ])('%j fails with %s', (opsPortal, message) => {
    expect(() => read(opsPortal)).toThrow(message);
  });
});
