import { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  DEFAULT_FORMATTER_NAME,
  getDefaultFormatters,
  KubernetesAuthProvidersApi,
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
  KubernetesBackendClient,
  KubernetesClusterLinkFormatter,
  kubernetesClusterLinkFormatterApiRef,
} from '@backstage/plugin-kubernetes-react';
import { http, HttpResponse } from 'msw';
import { ARGO_ACTIONS_BACKEND, idleState } from './argoActionsFixtures';
import {
  ArgoActionsClient,
  argoActionsApiRef,
  OpsArgoCdClient,
  roadieArgoCdApiRef,
} from '../api';

/** Where `mockApis.discovery()` places every backend plugin. */
export const BACKEND = 'http://example.com/api';

/** A Component without any ops annotation. */
export const bareEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'driver', namespace: 'default' },
  spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
};

/** The same Component with its Kubernetes workloads and Argo CD Application named. */
export const annotatedEntity: Entity = {
  ...bareEntity,
  metadata: {
    ...bareEntity.metadata,
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'drivers',
      'argocd/app-name': 'driver',
    },
  },
};

/** Frontend config as the portal ships it: instance names and URLs only, never a token. */
export const argoCdConfig = {
  argocd: {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [{ name: 'sandbox', url: 'http://127.0.0.1:7172' }],
      },
    ],
  },
};

export const POD_NAME = 'driver-7d9c6b5f4-x2x9q';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: POD_NAME,
    namespace: 'drivers',
    uid: 'pod-1',
    labels: { 'backstage.io/kubernetes-id': 'driver', app: 'driver' },
    ownerReferences: [
      { kind: 'ReplicaSet', name: 'driver-7d9c6b5f4', uid: 'replicaset-1' },
    ],
  },
  spec: { containers: [{ name: 'driver', image: 'driver:1.0.0' }] },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'driver',
        ready: true,
        restartCount: 0,
        image: 'driver:1.0.0',
        imageID: '',
        state: { running: { startedAt: '2026-11-22T10:00:00Z' } },
      },
    ],
  },
};

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'driver', namespace: 'drivers', uid: 'deployment-1' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'driver' } } },
  status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
};

const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'driver-7d9c6b5f4',
    namespace: 'drivers',
    uid: 'replicaset-1',
    ownerReferences: [
      { kind: 'Deployment', name: 'driver', uid: 'deployment-1' },
    ],
  },
  status: { replicas: 1, readyReplicas: 1 },
};

const application = {
  metadata: { name: 'driver', namespace: 'argocd' },
  status: {
    sync: { status: 'Synced' },
    health: { status: 'Healthy' },
    operationState: {
      startedAt: '2026-11-22T10:00:00Z',
      finishedAt: '2026-11-22T10:00:05Z',
    },
    history: [
      {
        id: 1,
        revision: 'a1b2c3d',
        deployStartedAt: '2026-11-22T10:00:00Z',
        deployedAt: '2026-11-22T10:00:05Z',
      },
    ],
  },
};

/** The Kubernetes backend routes `KubernetesBackendClient` calls for one entity. */
export const kubernetesHandlers = [
  http.get(`${BACKEND}/kubernetes/clusters`, () =>
    HttpResponse.json({
      items: [{ name: 'sandbox', authProvider: 'serviceAccount' }],
    }),
  ),
  http.post(`${BACKEND}/kubernetes/services/driver`, () =>
    HttpResponse.json({
      items: [
        {
          cluster: { name: 'sandbox' },
          errors: [],
          podMetrics: [],
          resources: [
            { type: 'pods', resources: [pod] },
            { type: 'replicasets', resources: [replicaSet] },
            { type: 'deployments', resources: [deployment] },
          ],
        },
      ],
    }),
  ),
];

/**
 * The Roadie Argo CD backend routes the cards call for `argocd/app-name: driver`, and the state
 * of the action bar.
 */
export const argoCdHandlers = [
  http.get(`${ARGO_ACTIONS_BACKEND}/state`, () => HttpResponse.json(idleState)),
  http.get(`${BACKEND}/argocd/find/name/driver`, () =>
    HttpResponse.json([
      { name: 'sandbox', url: 'http://127.0.0.1:7172', appName: ['driver'] },
    ]),
  ),
  http.get(
    `${BACKEND}/argocd/argoInstance/sandbox/applications/name/driver`,
    () => HttpResponse.json(application),
  ),
  http.get(
    `${BACKEND}/argocd/argoInstance/sandbox/applications/name/driver/revisions/:revision/metadata`,
    () =>
      HttpResponse.json({
        author: 'dev@example.com',
        date: '2026-11-22T09:59:00Z',
        message: 'Deploy driver 1.0.0',
      }),
  ),
];

/** Argo CD backend failing for the application (the Argo CD instance is unreachable). */
export const argoCdFailingHandlers = [
  http.get(`${ARGO_ACTIONS_BACKEND}/state`, () =>
    HttpResponse.json(
      {
        error: {
          name: 'ServiceUnavailableError',
          message: 'Argo CD sandbox could not be reached: connect ECONNREFUSED',
        },
        request: { method: 'GET', url: '/api/argocd-actions/state' },
        response: { statusCode: 503 },
      },
      { status: 503 },
    ),
  ),
  http.get(`${BACKEND}/argocd/find/name/driver`, () =>
    HttpResponse.json([
      { name: 'sandbox', url: 'http://127.0.0.1:7172', appName: ['driver'] },
    ]),
  ),
  http.get(
    `${BACKEND}/argocd/argoInstance/sandbox/applications/name/driver`,
    () =>
      HttpResponse.json(
        { error: { name: 'Error', message: 'connect ECONNREFUSED' } },
        { status: 500 },
      ),
  ),
];

const kubernetesAuthProviders: KubernetesAuthProvidersApi = {
  decorateRequestBodyForAuth: async (_provider, body) => body,
  getCredentials: async () => ({}),
};

/**
 * The real Kubernetes, Argo CD and Argo CD actions clients over the mocked discovery and fetch APIs, so requests
 * reach msw exactly as they would reach the backend.
 */
export function opsTestApis(): readonly any[] {
  const discoveryApi = mockApis.discovery();
  const fetchApi = mockApis.fetch();
  return [
    discoveryApi,
    fetchApi,
    mockApis.permission(),
    [kubernetesAuthProvidersApiRef, kubernetesAuthProviders],
    [
      kubernetesApiRef,
      new KubernetesBackendClient({
        discoveryApi,
        fetchApi,
        kubernetesAuthProvidersApi: kubernetesAuthProviders,
      }),
    ],
    [
      kubernetesClusterLinkFormatterApiRef,
      new KubernetesClusterLinkFormatter({
        formatters: getDefaultFormatters({
          googleAuthApi: { getProfile: async () => undefined },
        }),
        defaultFormatterName: DEFAULT_FORMATTER_NAME,
      }),
    ],
    [roadieArgoCdApiRef, new OpsArgoCdClient({ discoveryApi, fetchApi })],
    [argoActionsApiRef, new ArgoActionsClient({ discoveryApi, fetchApi })],
  ] as const;
}
