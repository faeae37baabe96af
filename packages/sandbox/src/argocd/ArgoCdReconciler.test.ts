import { KubeObject } from '../cluster/types';
import { runGit } from '../git/runGit';
import { GitOpsWorkspace } from '../testUtils/GitOpsWorkspace';
import {
  startGitOpsFixture,
  GitOpsFixture,
} from '../testUtils/startGitOpsFixture';
import { waitFor } from '../testUtils/waitFor';
import { TRACKING_LABEL } from './trackedObjects';

describe('ArgoCdReconciler', () => {
  let fixture: GitOpsFixture;
  let workspace: GitOpsWorkspace | undefined;

  const typeOf = (apiVersion: string, kind: string) =>
    fixture.store.typeFor(apiVersion, kind)!;
  const virtualService = (ns: string, name: string) =>
    fixture.store.get(
      typeOf('networking.istio.io/v1', 'VirtualService'),
      ns,
      name,
    );
  const deployment = (ns: string, name: string) =>
    fixture.store.get(typeOf('apps/v1', 'Deployment'), ns, name);
  const application = (name: string) =>
    fixture.reconciler.getApplication(name)!;
  const mainSha = async () =>
    (await runGit(['-C', fixture.git.repoPath, 'rev-parse', 'main'])).trim();
  const weights = (vs: KubeObject | undefined) =>
    vs?.spec.http[0].route.map((r: { weight: number }) => r.weight);

  beforeEach(async () => {
    fixture = await startGitOpsFixture();
  });

  afterEach(async () => {
    await workspace?.remove();
    workspace = undefined;
    await fixture.stop();
    // Background reconciliations must not have failed silently.
    if (fixture.errors.length > 0) {
      throw fixture.errors[0];
    }
  });

  it('bootstraps the Applications from apps/ and syncs them into their namespaces', async () => {
    const names = fixture.reconciler
      .listApplications()
      .map(a => a.metadata.name);
    expect(names).toEqual(['driver', 'giropops-senhas', 'nginx-ab']);

    const driver = deployment('driver', 'driver');
    expect(driver?.metadata.labels).toMatchObject({
      app: 'driver',
      version: 'v1',
      'backstage.io/kubernetes-id': 'driver',
      [TRACKING_LABEL]: 'driver',
    });
    expect(
      deployment('giropops', 'redis')?.metadata.labels?.[TRACKING_LABEL],
    ).toBe('giropops-senhas');
    expect(weights(virtualService('nginx-ab', 'nginx-ab'))).toEqual([100, 0]);

    const status = application('driver').status;
    const sha = await mainSha();
    expect(status.sync).toMatchObject({ status: 'Synced', revision: sha });
    expect(status.history).toEqual([
      expect.objectContaining({ id: 0, revision: sha }),
    ]);
    expect(status.operationState).toMatchObject({
      phase: 'Succeeded',
      syncResult: { revision: sha },
    });
    expect(status.summary.images).toEqual(['registry.ops.local/driver:1.4.2']);
    expect(status.resources).toContainEqual(
      expect.objectContaining({
        group: 'configuration.konghq.com',
        kind: 'KongPlugin',
        namespace: 'driver',
        name: 'oidc-driver',
        status: 'Synced',
      }),
    );
  });

  it('reports Progressing until the Deployments are available, then Healthy', async () => {
    expect(application('nginx-ab').status.health.status).toBe('Progressing');
    for (const name of ['nginx-v1', 'nginx-v2']) {
      const live = deployment('nginx-ab', name)!;
      fixture.store.updateStatus({
        ...live,
        status: {
          observedGeneration: live.metadata.generation,
          replicas: 1,
          updatedReplicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
        },
      });
    }
    await waitFor(
      () => application('nginx-ab').status.health.status === 'Healthy',
      {
        what: 'nginx-ab to become Healthy',
      },
    );
  });

  it('syncs a commit pushed over HTTP on the next poll', async () => {
    workspace = await GitOpsWorkspace.clone(fixture.git.repoUrl);
    const file = 'services/nginx-ab/istio.yaml';
    const edited = (await workspace.read(file))
      .replace('weight: 100', 'weight: 80')
      .replace('weight: 0', 'weight: 20');
    const sha = await workspace.commitAndPush(
      { [file]: edited },
      'Shift 20 % to v2',
    );

    await fixture.reconciler.pollOnce();

    expect(weights(virtualService('nginx-ab', 'nginx-ab'))).toEqual([80, 20]);
    const status = application('nginx-ab').status;
    expect(status.sync).toMatchObject({ status: 'Synced', revision: sha });
    expect(status.history.map((h: { id: number }) => h.id)).toEqual([0, 1]);
    expect(status.history[1].revision).toBe(sha);
  });

  it('polls Git on its own at argocdPollSeconds', async () => {
    await fixture.stop();
    fixture = await startGitOpsFixture({ pollSeconds: 0.2 });
    workspace = await GitOpsWorkspace.clone(fixture.git.repoUrl);
    const file = 'services/driver/hpa.yaml';
    const edited = (await workspace.read(file)).replace(
      'maxReplicas: 6',
      'maxReplicas: 8',
    );
    await workspace.commitAndPush(
      { [file]: edited },
      'Allow 8 driver replicas',
    );

    const hpaType = typeOf('autoscaling/v2', 'HorizontalPodAutoscaler');
    const hpa = await waitFor(
      () => {
        const live = fixture.store.get(hpaType, 'driver', 'driver');
        return live?.spec.maxReplicas === 8 && live;
      },
      { what: 'the HPA change to be synced' },
    );
    expect(hpa.metadata.labels?.[TRACKING_LABEL]).toBe('driver');
  });

  it('self-heals a direct change to a tracked object', async () => {
    const live = virtualService('nginx-ab', 'nginx-ab')!;
    live.spec.http[0].route[0].weight = 50;
    live.spec.http[0].route[1].weight = 50;
    fixture.store.update(live);
    expect(weights(virtualService('nginx-ab', 'nginx-ab'))).toEqual([50, 50]);

    await waitFor(
      () => weights(virtualService('nginx-ab', 'nginx-ab'))?.[0] === 100,
      {
        what: 'the VirtualService to be reverted',
      },
    );
    expect(application('nginx-ab').status.sync.status).toBe('Synced');
    expect(application('nginx-ab').status.history).toHaveLength(1);
  });

  it('keeps fields nobody declared, such as replicas set by an autoscaler', async () => {
    const live = deployment('driver', 'driver')!;
    fixture.store.update({ ...live, spec: { ...live.spec, replicas: 4 } });
    await fixture.reconciler.reconcile('driver');
    expect(application('driver').status.sync.status).toBe('Synced');
    expect(deployment('driver', 'driver')?.spec.replicas).toBe(4);
  });

  it('prunes an object deleted from Git', async () => {
    expect(virtualService('driver', 'driver')).toBeDefined();
    workspace = await GitOpsWorkspace.clone(fixture.git.repoUrl);
    await workspace.commitAndPush(
      { 'services/driver/istio.yaml': null },
      'Drop the mesh',
    );

    await fixture.reconciler.pollOnce();

    expect(virtualService('driver', 'driver')).toBeUndefined();
    const operation = application('driver').status.operationState;
    expect(operation.syncResult.resources).toContainEqual(
      expect.objectContaining({
        kind: 'VirtualService',
        name: 'driver',
        status: 'Pruned',
      }),
    );
  });

  it('leaves drift alone and reports OutOfSync without an automated policy', async () => {
    const appType = typeOf('argoproj.io/v1alpha1', 'Application');
    const manual = application('nginx-ab');
    fixture.store.update({
      ...manual,
      spec: { ...manual.spec, syncPolicy: {} },
    });
    const live = virtualService('nginx-ab', 'nginx-ab')!;
    live.spec.http[0].route[0].weight = 10;
    fixture.store.update(live);

    await fixture.reconciler.reconcile('nginx-ab', { refresh: true });

    expect(weights(virtualService('nginx-ab', 'nginx-ab'))?.[0]).toBe(10);
    const status = fixture.store.get(appType, 'argocd', 'nginx-ab')!.status;
    expect(status.sync.status).toBe('OutOfSync');
    expect(status.resources).toContainEqual(
      expect.objectContaining({ kind: 'VirtualService', status: 'OutOfSync' }),
    );
  });
});
