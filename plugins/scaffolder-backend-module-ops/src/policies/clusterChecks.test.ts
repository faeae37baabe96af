import { ConflictError, NotAllowedError } from '@backstage/errors';
import { checkAgainstCluster, ClusterCheckTarget } from './clusterChecks';
import type {
  ClusterReader,
  LiveIngressPath,
  LiveNamespace,
} from '../kubernetes/ClusterReader';

const target: ClusterCheckTarget = {
  name: 'payments',
  namespace: 'payments',
  owner: 'group:default/team-drivers',
  routePath: '/api/payments',
};

function reader(
  namespaces: LiveNamespace[],
  paths: LiveIngressPath[],
): ClusterReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readNamespace(name) {
      reads.push(`namespace ${name}`);
      return namespaces.find(n => n.name === name);
    },
    async listIngressPaths() {
      reads.push('ingresses');
      return paths;
    },
  };
}

const driverRoute = {
  namespace: 'driver',
  name: 'driver',
  path: '/api/driver',
};

describe('checkAgainstCluster', () => {
  it.each<[string, LiveNamespace[], LiveIngressPath[]]>([
    ['a new namespace and a free route', [], [driverRoute]],
    [
      "a re-run into the owner's namespace with its own Ingress",
      [
        {
          name: 'payments',
          annotations: { 'ops-portal/owner': 'group:default/team-drivers' },
        },
      ],
      [
        driverRoute,
        { namespace: 'payments', name: 'payments', path: '/api/payments' },
      ],
    ],
  ])('passes %s', async (_case, namespaces, paths) => {
    const fake = reader(namespaces, paths);
    await expect(checkAgainstCluster(target, fake)).resolves.toBeUndefined();
    expect(fake.reads).toEqual(['namespace payments', 'ingresses']);
  });

  it("refuses another owner's namespace before reading the routes", async () => {
    const fake = reader(
      [
        {
          name: 'payments',
          annotations: { 'ops-portal/owner': 'group:default/team-giropops' },
        },
      ],
      [],
    );
    const error = await checkAgainstCluster(target, fake).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      "Namespace 'payments' belongs to group:default/team-giropops, not group:default/team-drivers; choose another namespace",
    );
    expect(fake.reads).toEqual(['namespace payments']);
  });

  it('refuses an existing namespace the portal does not manage', async () => {
    const fake = reader([{ name: 'payments', annotations: {} }], []);
    await expect(checkAgainstCluster(target, fake)).rejects.toThrow(
      NotAllowedError,
    );
  });

  it("refuses a route that overlaps another service's Ingress", async () => {
    const fake = reader(
      [],
      [
        driverRoute,
        { namespace: 'giropops', name: 'giropops-senhas', path: '/api' },
      ],
    );
    const error = await checkAgainstCluster(target, fake).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      "Route path /api/payments overlaps the route of another service: /api (Ingress giropops/giropops-senhas); choose another path under the service's own prefix",
    );
  });

  it('passes on a failed read', async () => {
    const failing: ClusterReader = {
      readNamespace: async () => {
        throw new Error('cluster down');
      },
      listIngressPaths: async () => [],
    };
    await expect(checkAgainstCluster(target, failing)).rejects.toThrow(
      'cluster down',
    );
  });
});
