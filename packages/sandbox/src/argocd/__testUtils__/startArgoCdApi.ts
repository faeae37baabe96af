import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubeObject } from '../../cluster/types';
import { GitOpsWorkspace } from '../../testUtils/GitOpsWorkspace';
import {
  GitOpsFixture,
  startGitOpsFixture,
} from '../../testUtils/startGitOpsFixture';
import { waitFor } from '../../testUtils/waitFor';
import { createArgoCdRouter } from '../createArgoCdRouter';
import { paymentsApplication, paymentsManifests } from './paymentsService';

/** The writer account the test API names as `initiatedBy.username`. */
export const TEST_WRITER_ACCOUNT = 'ops-portal-writer';

/** The Argo CD API over a fresh fixture, with the payments service committed (not registered). */
export interface ArgoCdApi {
  fixture: GitOpsFixture;
  workspace: GitOpsWorkspace;
  /** The commit that added `services/payments/`. */
  paymentsCommit: string;
  /** A request with the writer's token; `body` is sent as JSON. */
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  /** The Application as the stand-in holds it. */
  application(name: string): KubeObject | undefined;
  /**
   * Creates `payments` with a manual sync policy (annotations e.g. the operation delay) and waits
   * for its first comparison.
   */
  createManualPayments(annotations?: Record<string, string>): Promise<void>;
  /** Waits until the Application's operation has the phase, and answers the Application. */
  waitForPhase(name: string, phase: string): Promise<KubeObject>;
  /** Every `status.operationState.phase` the Application has gone through since this call. */
  recordPhases(name: string): string[];
  stop(): Promise<void>;
}

/** Starts {@link ArgoCdApi} on a free 127.0.0.1 port. */
export async function startArgoCdApi(
  options: { operationDelayMs?: number } = {},
): Promise<ArgoCdApi> {
  const token = 'argo-operations-token';
  const fixture = await startGitOpsFixture(options);
  const workspace = await GitOpsWorkspace.clone(fixture.git.repoUrl);
  const paymentsCommit = await workspace.commitAndPush(
    paymentsManifests(),
    'Add payments',
  );
  const server = http.createServer(
    createArgoCdRouter({
      store: fixture.store,
      reconciler: fixture.reconciler,
      token,
      writerAccount: TEST_WRITER_ACCOUNT,
    }),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const unwatch: Array<() => void> = [];
  const application = (name: string) => fixture.reconciler.getApplication(name);

  const call: ArgoCdApi['call'] = async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : text };
  };

  return {
    fixture,
    workspace,
    paymentsCommit,
    call,
    application,
    async createManualPayments(annotations) {
      const created = await call(
        'POST',
        '/api/v1/applications',
        paymentsApplication({ manual: true, annotations }),
      );
      expect(created.status).toBe(200);
      await waitFor(() => application('payments')?.status?.sync?.revision, {
        what: 'the first comparison of payments',
      });
    },
    waitForPhase(name, phase) {
      return waitFor(
        () => {
          const app = application(name);
          return app?.status?.operationState?.phase === phase && app;
        },
        { what: `the operation of ${name} to be ${phase}` },
      );
    },
    recordPhases(name) {
      const phases: string[] = [];
      unwatch.push(
        fixture.store.watch(event => {
          const { object } = event;
          const phase = object.status?.operationState?.phase;
          if (
            object.kind === 'Application' &&
            object.metadata.name === name &&
            phase &&
            phases[phases.length - 1] !== phase
          ) {
            phases.push(phase);
          }
        }),
      );
      return phases;
    },
    async stop() {
      unwatch.forEach(stop => stop());
      await new Promise(resolve => server.close(resolve));
      await workspace.remove();
      await fixture.stop();
      if (fixture.errors.length > 0) {
        throw fixture.errors[0];
      }
    },
  };
}
