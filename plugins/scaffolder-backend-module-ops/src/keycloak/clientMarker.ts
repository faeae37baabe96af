/** Client attribute naming the service the portal created a client for. */
export const CLIENT_SERVICE_ATTRIBUTE = 'ops-portal.service';
/** Client attribute naming the catalog owner the portal created a client for. */
export const CLIENT_OWNER_ATTRIBUTE = 'ops-portal.owner';

/** Who a client was created for. */
export type ClientMarker = { service: string; owner: string };

/** The attributes a new client carries so a later run can tell it is the portal's, for whom. */
export function markerAttributes(marker: ClientMarker): Record<string, string> {
  return {
    [CLIENT_SERVICE_ATTRIBUTE]: marker.service,
    [CLIENT_OWNER_ATTRIBUTE]: marker.owner,
  };
}

/**
 * Reads the marker of an existing client. Keycloak returns attributes as strings; older
 * representations may hold a one-element array.
 */
export function clientMarker(client: {
  attributes?: Record<string, unknown>;
}): Partial<ClientMarker> {
  const read = (key: string) => {
    const value = client.attributes?.[key];
    const single = Array.isArray(value) ? value[0] : value;
    return typeof single === 'string' && single !== '' ? single : undefined;
  };
  return {
    service: read(CLIENT_SERVICE_ATTRIBUTE),
    owner: read(CLIENT_OWNER_ATTRIBUTE),
  };
}
