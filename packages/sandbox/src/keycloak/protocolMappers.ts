import { randomUUID } from 'node:crypto';
import { KeycloakApiError } from './KeycloakApiError';

/** A protocol mapper as the Admin API represents it (`ProtocolMapperRepresentation`). */
export interface ProtocolMapperRepresentation {
  id: string;
  name: string;
  protocol: string;
  protocolMapper: string;
  consentRequired: boolean;
  config: Record<string, string>;
}

/** A create of a mapper whose name the client already has. */
export const mapperNameTaken = () =>
  new KeycloakApiError(409, {
    errorMessage: 'Protocol mapper exists with same name',
  });

/** A mapper id the client does not have. */
export const mapperNotFound = () =>
  new KeycloakApiError(404, { error: 'Model not found' });

/** A mapper as Keycloak stores it: an id (kept if given), Keycloak's field order and defaults. */
export function newMapper(
  request: Partial<ProtocolMapperRepresentation>,
): ProtocolMapperRepresentation {
  if (typeof request.name !== 'string' || !request.name) {
    throw new KeycloakApiError(409, {
      error: 'conflict',
      error_description: 'Duplicate resource error',
    });
  }
  return {
    id: request.id || randomUUID(),
    name: request.name,
    protocol: request.protocol ?? 'openid-connect',
    protocolMapper: request.protocolMapper ?? '',
    consentRequired: request.consentRequired ?? false,
    config: Object.fromEntries(
      Object.entries(request.config ?? {}).map(([k, v]) => [k, String(v)]),
    ),
  };
}

/**
 * Adds mappers to a client's list, refusing a name that is already there (in the list or among
 * the new ones), as `POST .../protocol-mappers/models` and a client create with
 * `protocolMappers` do.
 */
export function withMappers(
  existing: ProtocolMapperRepresentation[],
  requests: Array<Partial<ProtocolMapperRepresentation>>,
): ProtocolMapperRepresentation[] {
  const next = [...existing];
  for (const request of requests) {
    const mapper = newMapper(request);
    if (next.some(m => m.name === mapper.name)) {
      throw mapperNameTaken();
    }
    next.push(mapper);
  }
  return next;
}
