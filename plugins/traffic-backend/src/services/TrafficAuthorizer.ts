import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  opsResiliencePolicyUpdatePermission,
  opsTrafficUpdatePermission,
  TrafficChange,
} from '@internal/plugin-ops-common';

/**
 * The permission checks of a traffic edit, on the entity (resource permissions, so the policy
 * can allow owners): weights need `ops.traffic.update`, resilience `ops.resilience.update`; an
 * edit that changes nothing needs either.
 */
export class TrafficAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** Throws NotAllowedError naming what is denied. */
  async authorize(
    entityRef: string,
    change: TrafficChange,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const needed = [
      ...(change.weights ? [opsTrafficUpdatePermission] : []),
      ...(change.resilience ? [opsResiliencePolicyUpdatePermission] : []),
    ];
    const asked = needed.length
      ? needed
      : [opsTrafficUpdatePermission, opsResiliencePolicyUpdatePermission];
    const decisions = await this.permissions.authorize(
      asked.map(permission => ({ permission, resourceRef: entityRef })),
      { credentials },
    );
    const allowed = asked.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
    const ok = needed.length
      ? allowed.length === needed.length
      : allowed.length > 0;
    if (ok) return;
    const denied = asked.filter(p => !allowed.includes(p)).map(p => p.name);
    const what =
      [
        change.weights && 'traffic split',
        change.resilience && 'resilience policy',
      ]
        .filter(Boolean)
        .join(' and ') || 'traffic policy';
    throw new NotAllowedError(
      `You may not change the ${what} of ${entityRef} (${denied.join(
        ', ',
      )}): only its owners and the admin groups may`,
    );
  }
}
