import { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  KubernetesAuthProvidersApi,
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
  KubernetesBackendClient,
} from '@backstage/plugin-kubernetes-react';
import { http, HttpResponse } from 'msw';
import rison from 'rison';
import { LogsClient, logsApiRef } from '../api';

/** Where `mockApis.discovery()` places every backend plugin. */
export const BACKEND = 'http://example.com/api';

export const KIBANA = 'https://kibana.example.com';

/** The Kibana block of the frontend config, as app-config.yaml ships it. */
export const kibanaConfig = {
  opsPortal: { logs: { kibana: { baseUrl: KIBANA, dataViewId: 'logs-*' } } },
};

export const bareEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'driver', namespace: 'default' },
  spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
};

export const annotatedEntity: Entity = {
  ...bareEntity,
  metadata: {
    ...bareEntity.metadata,
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'driver',
    },
  },
};

export const PODS = ['driver-7d9c6b5f4-x2x9q', 'driver-7d9c6b5f4-a1b2c'];

function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'driver',
      uid: name,
      labels: { app: 'driver' },
    },
    spec: { containers: [{ name: 'driver', image: 'driver:1.0.0' }] },
    status: { phase: 'Running' },
  };
}

/** The Kubernetes backend answering the entity's objects with `pods` (or failing). */
export function kubernetesHandlers(
  options: { pods?: string[]; status?: number } = {},
) {
  const { pods = PODS, status = 200 } = options;
  return [
    http.get(`${BACKEND}/kubernetes/clusters`, () =>
      HttpResponse.json({
        items: [{ name: 'sandbox', authProvider: 'serviceAccount' }],
      }),
    ),
    http.post(`${BACKEND}/kubernetes/services/driver`, () =>
      status === 200
        ? HttpResponse.json({
            items: [
              {
                cluster: { name: 'sandbox' },
                errors: [],
                podMetrics: [],
                resources: [{ type: 'pods', resources: pods.map(pod) }],
              },
            ],
          })
        : HttpResponse.json(
            { error: { name: 'Error', message: 'cluster down' } },
            { status },
          ),
    ),
  ];
}

const kubernetesAuthProviders: KubernetesAuthProvidersApi = {
  decorateRequestBodyForAuth: async (_provider, body) => body,
  getCredentials: async () => ({}),
};

/** The real clients over mocked discovery and fetch, so requests reach msw as they would the backend. */
export function logsTestApis(): readonly any[] {
  const discoveryApi = mockApis.discovery();
  const fetchApi = mockApis.fetch();
  return [
    [kubernetesAuthProvidersApiRef, kubernetesAuthProviders],
    [
      kubernetesApiRef,
      new KubernetesBackendClient({
        discoveryApi,
        fetchApi,
        kubernetesAuthProvidersApi: kubernetesAuthProviders,
      }),
    ],
    [logsApiRef, new LogsClient({ discoveryApi, fetchApi })],
  ] as const;
}

/** The decoded `_g` and `_a` states of a Discover link. */
export function decodeDiscoverUrl(url: string) {
  const [base, hash] = url.split('#/?');
  const params = Object.fromEntries(
    hash.split('&').map(pair => {
      const [key, value] = pair.split('=');
      return [key, rison.decode<any>(decodeURIComponent(value))];
    }),
  );
  return { base, g: params._g, a: params._a };
}
