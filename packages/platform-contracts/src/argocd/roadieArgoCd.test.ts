import { ConfigReader } from '@backstage/config';
import {
  SandboxArgoCdTarget,
  SEED_AUTHOR,
  startSandboxArgoCdTarget,
} from '@internal/sandbox';
import { ArgoService } from '@roadiehq/backstage-plugin-argo-cd-backend';
import { execFileSync } from 'node:child_process';

const TOKEN = 'test-argo-token';

const logger: any = {
  info: () => {},
  warn: () => {},
  debug: () => {},
  error: () => {},
  child: () => logger,
};

function roadieService(url: string, instance: Record<string, string>) {
  const config = new ConfigReader({
    argocd: {
      appLocatorMethods: [
        { type: 'config', instances: [{ name: 'sandbox', url, ...instance }] },
      ],
    },
  });
  return ArgoService.fromConfig({ config, logger });
}

// The portal's Argo CD backend (Roadie's) against the sandbox's Argo CD stand-in: every call the
// portal makes through it is answered as the real server answers it.
describe('the sandbox Argo CD', () => {
  let argoCd: SandboxArgoCdTarget;
  let url: string;
  let argo: ArgoService;

  beforeAll(async () => {
    argoCd = await startSandboxArgoCdTarget({ token: TOKEN });
    url = argoCd.url;
    argo = roadieService(url, { token: TOKEN });
  });

  afterAll(async () => {
    await argoCd?.stop();
  });

  describe('through the Roadie Argo CD backend client', () => {
    it('gets an application by name', async () => {
      const app = await argo.getArgoAppData(url, 'sandbox', TOKEN, {
        name: 'driver',
      });
      expect(app.metadata.name).toBe('driver');
      expect(app.status.sync.status).toBe('Synced');
      expect(app.status.history[0]).toMatchObject({ id: 0 });
      expect(app.instance).toBe('sandbox');
    });

    it('lists applications by label selector', async () => {
      const list = await argo.getArgoAppData(url, 'sandbox', TOKEN, {
        selector: 'backstage-name=nginx-ab',
      });
      expect(list.items.map((a: any) => a.metadata.name)).toEqual(['nginx-ab']);
      expect(list.items[0].metadata.instance).toEqual({ name: 'sandbox' });

      const none = await argo.getArgoAppData(url, 'sandbox', TOKEN, {
        selector: 'backstage-name=unknown',
      });
      expect(none.items).toEqual([]);
    });

    it('finds the instance that serves an application', async () => {
      await expect(argo.findArgoApp({ name: 'driver' })).resolves.toEqual([
        { name: 'sandbox', url, appName: ['driver'] },
      ]);
      await expect(
        argo.findArgoApp({ selector: 'backstage-name=driver' }),
      ).resolves.toEqual([{ name: 'sandbox', url, appName: ['driver'] }]);
    });

    it('reads revision metadata from Git', async () => {
      const sha = execFileSync(
        'git',
        ['-C', argoCd.repoPath, 'rev-parse', 'main'],
        {
          encoding: 'utf8',
        },
      ).trim();
      const metadata = await argo.getRevisionData(
        url,
        { name: 'driver' },
        TOKEN,
        sha,
      );
      expect(metadata).toEqual({
        author: `${SEED_AUTHOR.name} <${SEED_AUTHOR.email}>`,
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        message: 'Seed the GitOps repository',
      });
    });

    it('re-syncs applications by selector', async () => {
      const before = argoCd.getApplication('driver')!.status.operationState;
      const result = await argo.resyncAppOnAllArgos({
        appSelector: 'backstage-name=driver',
        terminateOperation: false,
      });
      expect(result).toEqual([
        [{ status: 'Success', message: 'Re-synced driver on sandbox' }],
      ]);
      const after = argoCd.getApplication('driver')!.status.operationState;
      expect(after.operation.initiatedBy).toEqual({ username: 'admin' });
      expect(after).not.toEqual(before);
    });

    it('reports a missing application with the status code of the real server', async () => {
      const info = await argo.getArgoApplicationInfo({
        argoApplicationName: 'nope',
        argoInstanceName: 'sandbox',
      });
      expect(info).toMatchObject({ statusCode: 404, code: 5 });
    });

    it('exchanges username and password for a token', async () => {
      const withPassword = roadieService(url, {
        username: 'admin',
        password: argoCd.password,
      });
      const [instance] = withPassword.getArgoInstanceArray();
      await expect(withPassword.getArgoToken(instance)).resolves.toBe(TOKEN);

      const wrong = roadieService(url, {
        username: 'admin',
        password: 'wrong',
      });
      await expect(
        wrong.getArgoToken(wrong.getArgoInstanceArray()[0]),
      ).rejects.toThrow(/unauthorized/i);
    });
  });
});
