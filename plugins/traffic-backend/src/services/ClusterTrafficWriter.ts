import { LoggerService } from '@backstage/backend-plugin-api';
import {
  applyTrafficPolicy,
  TrafficPolicy,
} from '@internal/plugin-traffic-common';
import {
  IstioKind,
  KubernetesTrafficClient,
  LiveIstioObject,
  ResourceVersionConflict,
} from '../kubernetes/KubernetesTrafficClient';
import { BaseMovedError } from './GitTrafficWriter';
import { TrafficSnapshot } from './TrafficStateReader';

/** An object a policy changes. */
export interface ObjectChange {
  kind: IstioKind;
  before: LiveIstioObject;
  after: LiveIstioObject;
}

/**
 * Writes a traffic edit straight to the cluster (objects without Argo CD tracking): replaces the
 * DestinationRule, then the VirtualService, each only when its spec changes, each with the
 * resourceVersion of the base state. A 409 of the API server is a {@link BaseMovedError}; what was
 * already written is put back (best effort) so an edit is not half applied.
 */
export class ClusterTrafficWriter {
  constructor(
    private readonly options: {
      kubernetes: KubernetesTrafficClient;
      logger: LoggerService;
    },
  ) {}

  /** The objects a policy changes, DestinationRule first (subsets before the routes using them). */
  changes(snapshot: TrafficSnapshot, policy: TrafficPolicy): ObjectChange[] {
    const { virtualService, destinationRule } = snapshot.live;
    const updated = applyTrafficPolicy(virtualService, destinationRule, policy);
    const all: ObjectChange[] = [
      {
        kind: 'DestinationRule',
        before: destinationRule,
        after: updated.destinationRule as LiveIstioObject,
      },
      {
        kind: 'VirtualService',
        before: virtualService,
        after: updated.virtualService as LiveIstioObject,
      },
    ];
    return all.filter(
      c => JSON.stringify(c.before.spec) !== JSON.stringify(c.after.spec),
    );
  }

  /** Writes the changes; answers the new resourceVersion of each object written. */
  async write(
    snapshot: TrafficSnapshot,
    policy: TrafficPolicy,
  ): Promise<Partial<Record<IstioKind, string>>> {
    const written: ObjectChange[] = [];
    const resourceVersions: Partial<Record<IstioKind, string>> = {};
    try {
      for (const change of this.changes(snapshot, policy)) {
        const result = await this.options.kubernetes.replaceIstioObject(
          change.kind,
          change.after,
        );
        written.push({ ...change, after: result });
        resourceVersions[change.kind] = result.metadata.resourceVersion ?? '';
      }
    } catch (error) {
      await this.undo(written);
      if (error instanceof ResourceVersionConflict) {
        throw new BaseMovedError(error.message);
      }
      throw error;
    }
    return resourceVersions;
  }

  private async undo(written: ObjectChange[]) {
    for (const { kind, before, after } of written) {
      try {
        await this.options.kubernetes.replaceIstioObject(kind, {
          ...after,
          spec: before.spec,
        });
      } catch (error) {
        this.options.logger.error(
          `Could not restore ${kind} ${after.metadata.namespace}/${
            after.metadata.name
          } after a failed traffic edit: ${(error as Error).message}`,
        );
      }
    }
  }
}
