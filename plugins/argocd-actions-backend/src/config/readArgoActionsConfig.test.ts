import { ConfigReader } from '@backstage/config';
import { readArgoActionsConfig } from './readArgoActionsConfig';

const instance = (name: string) => ({
  name,
  url: `https://${name}.example.com/`,
  token: `${name}-reader`,
});

function config(data: Record<string, unknown>, names = ['main']) {
  return new ConfigReader({
    argocd: {
      appLocatorMethods: [{ type: 'config', instances: names.map(instance) }],
    },
    opsPortal: {
      argocd: {
        writers: names.map(name => ({
          instance: name,
          token: `${name}-writer`,
        })),
      },
      ...data,
    },
  });
}

describe('readArgoActionsConfig', () => {
  it('takes the only Argo CD instance, its reader and writer tokens, and the defaults', () => {
    expect(readArgoActionsConfig(config({}))).toEqual({
      reader: {
        name: 'main',
        url: 'https://main.example.com',
        token: 'main-reader',
      },
      writer: {
        name: 'main',
        url: 'https://main.example.com',
        token: 'main-writer',
      },
      gitops: undefined,
      timeoutMs: 5000,
      refreshTimeoutMs: 30_000,
      gitTimeoutMs: 30_000,
    });
  });

  it('reads the named instance, the timeouts and the GitOps repository', () => {
    const settings = readArgoActionsConfig(
      config(
        {
          argocdActions: {
            argocdInstance: 'b',
            timeoutMs: 1000,
            refreshTimeoutMs: 9000,
            gitTimeoutMs: 2000,
          },
          gitops: {
            repoUrl: 'https://git.example.com/gitops.git',
            fileUrlTemplate: 'https://git.example.com/{branch}/{path}',
          },
        },
        ['a', 'b'],
      ),
    );
    expect(settings.writer).toEqual({
      name: 'b',
      url: 'https://b.example.com',
      token: 'b-writer',
    });
    expect(settings.gitops?.repoUrl).toBe('https://git.example.com/gitops.git');
    expect(settings).toMatchObject({
      timeoutMs: 1000,
      refreshTimeoutMs: 9000,
      gitTimeoutMs: 2000,
    });
  });

  it('asks for the instance when there are several or none', () => {
    expect(() => readArgoActionsConfig(config({}, ['a', 'b']))).toThrow(
      "Missing config 'opsPortal.argocdActions.argocdInstance': argocd.appLocatorMethods has 2 instances (a, b); name the one the Argo CD actions use",
    );
    expect(() => readArgoActionsConfig(new ConfigReader({}))).toThrow(
      "Missing config 'opsPortal.argocdActions.argocdInstance': argocd.appLocatorMethods (type config) has no instance for the Argo CD actions",
    );
    expect(() =>
      readArgoActionsConfig(
        config({ argocdActions: { argocdInstance: 'other' } }),
      ),
    ).toThrow(
      "Config 'opsPortal.argocdActions.argocdInstance' names Argo CD instance 'other', which is not among argocd.appLocatorMethods (type config): main",
    );
  });

  it('refuses a production config without a writer token, and a timeout that is not positive', () => {
    const production = new ConfigReader({
      auth: { environment: 'production' },
      argocd: {
        appLocatorMethods: [{ type: 'config', instances: [instance('main')] }],
      },
    });
    expect(() => readArgoActionsConfig(production)).toThrow(
      /has no writer credential/,
    );
    expect(() =>
      readArgoActionsConfig(config({ argocdActions: { timeoutMs: 0 } })),
    ).toThrow(
      "Config 'opsPortal.argocdActions.timeoutMs' must be a positive number",
    );
  });
});
