import { ConflictError, NotAllowedError } from '@backstage/errors';
import { namespaceOwnershipProblem } from './namespaceOwnership';
import { overlappingRoutes } from './routeOverlap';
import type { ClusterReader } from '../kubernetes/ClusterReader';

/** What the cluster checks need of a new service. */
export interface ClusterCheckTarget {
  name: string;
  namespace: string;
  /** Owner entity ref, as the namespace annotation carries it. */
  owner: string;
  routePath: string;
  /** Host of the route; undefined matches any host. */
  routeHost?: string;
}

/**
 * Checks a new service against the live cluster before anything is written: its namespace must
 * not exist or must be annotated with the same owner (NotAllowedError otherwise), and its route
 * must not overlap an Ingress path of another service (ConflictError). The service's own Ingress
 * from an earlier run does not count, so a re-run by the owner passes. Errors of the reads
 * themselves are passed on as they are.
 * @public
 */
export async function checkAgainstCluster(
  target: ClusterCheckTarget,
  reader: ClusterReader,
): Promise<void> {
  const live = await reader.readNamespace(target.namespace);
  const problem = namespaceOwnershipProblem(
    target.namespace,
    target.owner,
    live,
  );
  if (problem) throw new NotAllowedError(problem);

  const overlaps = overlappingRoutes(
    {
      namespace: target.namespace,
      name: target.name,
      host: target.routeHost,
      path: target.routePath,
    },
    await reader.listIngressPaths(),
  );
  if (overlaps.length > 0) {
    const described = overlaps
      .map(
        o =>
          `${o.path} (Ingress ${o.namespace}/${o.name}${
            o.host ? `, host ${o.host}` : ''
          })`,
      )
      .join(', ');
    throw new ConflictError(
      `Route path ${target.routePath} overlaps the route of another service: ${described}; choose another path under the service's own prefix`,
    );
  }
}
