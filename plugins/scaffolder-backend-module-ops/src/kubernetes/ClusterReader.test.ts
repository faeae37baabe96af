import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createClusterReader } from './ClusterReader';

const URL_ = 'http://k8s.test';
const server = setupServer();
registerMswTestHooks(server);

const config = (scaffolder: JsonObject = { cluster: 'local' }) =>
  new ConfigReader({
    opsPortal: { scaffolder },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: URL_,
              serviceAccountToken: 'read-token',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  });

describe('createClusterReader', () => {
  const seen: string[] = [];
  beforeEach(() => {
    seen.length = 0;
    server.use(
      http.get(`${URL_}/api/v1/namespaces/:name`, ({ request, params }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return params.name === 'driver'
          ? HttpResponse.json({
              kind: 'Namespace',
              apiVersion: 'v1',
              metadata: {
                name: 'driver',
                annotations: {
                  'ops-portal/owner': 'group:default/team-drivers',
                },
              },
            })
          : HttpResponse.json(
              {
                kind: 'Status',
                apiVersion: 'v1',
                code: 404,
                message: 'not found',
              },
              { status: 404 },
            );
      }),
      http.get(`${URL_}/apis/networking.k8s.io/v1/ingresses`, () =>
        HttpResponse.json({
          kind: 'IngressList',
          apiVersion: 'networking.k8s.io/v1',
          metadata: {},
          items: [
            {
              metadata: { name: 'driver', namespace: 'driver' },
              spec: {
                rules: [
                  {
                    http: {
                      paths: [
                        {
                          path: '/api/driver',
                          pathType: 'Prefix',
                          backend: {
                            service: { name: 'driver', port: { number: 80 } },
                          },
                        },
                      ],
                    },
                  },
                  {
                    host: 'api.example.com',
                    http: {
                      paths: [
                        {
                          path: '/v2/driver',
                          pathType: 'Prefix',
                          backend: {
                            service: { name: 'driver', port: { number: 80 } },
                          },
                        },
                      ],
                    },
                  },
                ],
              },
            },
            { metadata: { name: 'no-rules', namespace: 'x' }, spec: {} },
          ],
        }),
      ),
    );
  });

  it("reads a namespace's annotations with the cluster's credential", async () => {
    const reader = createClusterReader(config());
    await expect(reader.readNamespace('driver')).resolves.toEqual({
      name: 'driver',
      annotations: { 'ops-portal/owner': 'group:default/team-drivers' },
    });
    expect(seen).toEqual(['Bearer read-token']);
  });

  it('answers undefined for a namespace that does not exist', async () => {
    await expect(
      createClusterReader(config()).readNamespace('payments'),
    ).resolves.toBeUndefined();
  });

  it('lists every Ingress path of every namespace with its host', async () => {
    await expect(
      createClusterReader(config()).listIngressPaths(),
    ).resolves.toEqual([
      { namespace: 'driver', name: 'driver', path: '/api/driver' },
      {
        namespace: 'driver',
        name: 'driver',
        host: 'api.example.com',
        path: '/v2/driver',
      },
    ]);
  });

  it('describes a refused read without the token', async () => {
    server.use(
      http.get(`${URL_}/apis/networking.k8s.io/v1/ingresses`, () =>
        HttpResponse.json(
          { kind: 'Status', apiVersion: 'v1', code: 403, message: 'forbidden' },
          { status: 403 },
        ),
      ),
    );
    const error = await createClusterReader(config())
      .listIngressPaths()
      .catch(e => e);
    expect(error.message).toContain('listing Ingresses in all namespaces');
    expect(error.message).not.toContain('read-token');
  });

  it('names the missing config key', () => {
    expect(() => createClusterReader(config({}))).toThrow(
      "Missing config 'opsPortal.scaffolder.cluster'",
    );
  });
});
