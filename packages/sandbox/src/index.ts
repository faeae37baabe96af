/**
 * The local platform: loopback stand-ins for the Kubernetes API, a git server and Argo CD.
 * A test double for development and tests; never part of a production deployment.
 *
 * @packageDocumentation
 */

export { Sandbox } from './Sandbox';
export type { SandboxStartOptions, SandboxUrls } from './Sandbox';
export { loadSandboxConfig, readSandboxConfig } from './config';
export type {
  LoadSandboxConfigOptions,
  SandboxConfig,
  SandboxCustomResource,
  SandboxEndpoint,
} from './config';
export { PortInUseError } from './listen';
