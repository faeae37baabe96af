import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  opsResiliencePolicyUpdatePermission,
  opsTrafficUpdatePermission,
} from '@internal/plugin-ops-common';
import { TrafficChange } from '@internal/plugin-traffic-common';

const EDIT_PERMISSIONS = [
  opsTrafficUpdatePermission,
  opsResiliencePolicyUpdatePermission,
];

/** What the caller may change on one entity: the outcome of {@link TrafficAuthorizer.allowedEdits}. */
export interface AllowedEdits {
  entityRef: string;
  /** Names of the granted permissions (`ops.traffic.update`, `ops.resilience.update`). */
  granted: string[];
}

const DENIAL_SUFFIX = 'only its owners and the admin groups may';

/**
 * The permission checks of a traffic edit, on the entity (resource permissions, so the policy
 * can allow owners): weights need `ops.traffic.update`, resilience `ops.resilience.update`; an
 * edit that changes nothing needs either.
 *
 * The check is split so that it runs before any upstream is touched: {@link allowedEdits} asks
 * the permission framework once, before the cluster, Argo CD or the GitOps repository is read,
 * and refuses a caller who holds neither permission. Which parts an edit changes is only known
 * once the current state is read; {@link authorize} then checks those parts against the
 * permissions already granted, without another round trip.
 */
export class TrafficAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** Throws NotAllowedError when the caller may change no part of the entity's traffic policy. */
  async allowedEdits(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<AllowedEdits> {
    const decisions = await this.permissions.authorize(
      EDIT_PERMISSIONS.map(permission => ({
        permission,
        resourceRef: entityRef,
      })),
      { credentials },
    );
    const granted = EDIT_PERMISSIONS.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    ).map(p => p.name);
    if (granted.length === 0) {
      throw new NotAllowedError(
        `You may not change the traffic policy of ${entityRef} (${EDIT_PERMISSIONS.map(
          p => p.name,
        ).join(', ')}): ${DENIAL_SUFFIX}`,
      );
    }
    return { entityRef, granted };
  }

  /** Throws NotAllowedError naming the changed parts the caller may not change. */
  authorize(allowed: AllowedEdits, change: TrafficChange): void {
    const needed = [
      ...(change.weights ? [opsTrafficUpdatePermission.name] : []),
      ...(change.resilience ? [opsResiliencePolicyUpdatePermission.name] : []),
    ];
    // An edit that changes nothing passed allowedEdits, which needs one of the two.
    const denied = needed.filter(name => !allowed.granted.includes(name));
    if (denied.length === 0) return;
    const what = [
      change.weights && 'traffic split',
      change.resilience && 'resilience policy',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new NotAllowedError(
      `You may not change the ${what} of ${allowed.entityRef} (${denied.join(
        ', ',
      )}): ${DENIAL_SUFFIX}`,
    );
  }
}
