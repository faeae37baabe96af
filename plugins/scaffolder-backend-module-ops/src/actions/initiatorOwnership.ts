import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { isDns1123Label } from '@internal/plugin-ops-common';
import { normalizeOwner } from './takeoverChecks';

/** Who started the task, as the scaffolder hands it to actions. */
export interface TaskInitiator {
  entity?: UserEntity;
  ref?: string;
}

/**
 * The owner of a new service must be the initiator or one of the initiator's groups, unless the
 * initiator belongs to an admin group: creating a Keycloak client and a deployment in someone
 * else's name is the same mutation the ops policy reserves for owners and admins.
 */
export function assertInitiatorMayOwn(
  initiator: TaskInitiator | undefined,
  owner: string,
  adminGroups: string[],
): void {
  const ownerRef = stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
  if (!initiator?.ref) {
    throw new NotAllowedError(
      `Only a signed-in user may create a service; the task has no initiator`,
    );
  }
  const groups = (initiator.entity?.relations ?? [])
    .filter(relation => relation.type === RELATION_MEMBER_OF)
    .map(relation => relation.targetRef);
  const identities = new Set([initiator.ref, ...groups]);
  if (identities.has(ownerRef)) return;
  if (adminGroups.some(group => identities.has(group))) return;
  throw new NotAllowedError(
    `${initiator.ref} may not create a service owned by ${ownerRef}: choose yourself or a group you are a member of`,
  );
}

/**
 * The checks every service-level action starts with: `name` is a DNS-1123 label and the initiator
 * may own `owner`. Returns the owner as a full, lower-case entity ref.
 */
export function checkServiceRequest(
  input: { name: string; owner: string },
  initiator: TaskInitiator | undefined,
  adminGroups: string[],
): string {
  if (!isDns1123Label(input.name)) {
    throw new InputError(
      `Service name '${input.name}' must be a DNS-1123 label`,
    );
  }
  const owner = normalizeOwner(input.owner);
  assertInitiatorMayOwn(initiator, owner, adminGroups);
  return owner;
}
