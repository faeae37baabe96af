/**
 * The local platform: loopback stand-ins for the Kubernetes API, a git server, Argo CD and the
 * Keycloak Admin API. A test double for development and tests; never part of a production
 * deployment.
 *
 * @packageDocumentation
 */

export { Sandbox } from './Sandbox';
export type { SandboxStartOptions, SandboxUrls } from './Sandbox';
export {
  KEYCLOAK_DEFAULTS,
  loadSandboxConfig,
  readSandboxConfig,
} from './config';
export type {
  LoadSandboxConfigOptions,
  SandboxConfig,
  SandboxCustomResource,
  SandboxEndpoint,
} from './config';
export { PortInUseError } from './listen';
export { GitServer } from './git/GitServer';
export type { GitServerOptions } from './git/GitServer';
export {
  acceptPushes,
  DEFAULT_REJECT_MESSAGE,
  rejectPushes,
} from './git/pushHooks';
export { KeycloakStore } from './keycloak/KeycloakStore';
export type {
  ClientQuery,
  KeycloakRealm,
  KeycloakUser,
} from './keycloak/KeycloakStore';
export type { ClientRepresentation } from './keycloak/clientRepresentation';
export type { ProtocolMapperRepresentation } from './keycloak/protocolMappers';
export { createKeycloakRouter } from './keycloak/createKeycloakRouter';
export type { KeycloakRouterOptions } from './keycloak/createKeycloakRouter';
export {
  createSeededKeycloakStore,
  SEED_SERVICE_CLIENTS,
} from './keycloak/seedKeycloak';
export type { KeycloakSeed } from './keycloak/seedKeycloak';
