import request from 'supertest';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { createKubeApiRouter } from './createKubeApiRouter';

const auth = { Authorization: 'Bearer t0ken' };

function setup() {
  const store = new MemoryClusterStore();
  const app = createKubeApiRouter({ store, token: 't0ken' });
  return { store, app };
}

describe('Kubernetes API discovery', () => {
  it('serves discovery documents', async () => {
    const { app } = setup();
    const api = await request(app).get('/api').set(auth).expect(200);
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });

    const apis = await request(app).get('/apis').set(auth).expect(200);
    expect(apis.body.kind).toBe('APIGroupList');
    const autoscaling = apis.body.groups.find(
      (g: any) => g.name === 'autoscaling',
    );
    expect(autoscaling).toEqual({
      name: 'autoscaling',
      versions: [
        { groupVersion: 'autoscaling/v2', version: 'v2' },
        { groupVersion: 'autoscaling/v1', version: 'v1' },
      ],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });

    const core = await request(app).get('/api/v1').set(auth).expect(200);
    expect(core.body).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'v1',
    });
    expect(core.body.resources).toContainEqual(
      expect.objectContaining({
        name: 'namespaces',
        kind: 'Namespace',
        namespaced: false,
      }),
    );

    const istio = await request(app)
      .get('/apis/networking.istio.io/v1')
      .set(auth)
      .expect(200);
    expect(istio.body.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'virtualservices',
        'destinationrules',
        'virtualservices/status',
      ]),
    );
    await request(app).get('/apis/networking.istio.io').set(auth).expect(200);
    await request(app).get('/apis/nope.example.com/v1').set(auth).expect(404);

    const version = await request(app).get('/version').expect(200);
    expect(version.body).toMatchObject({
      major: '1',
      gitVersion: expect.stringMatching(/^v1\./),
    });
  });
});
