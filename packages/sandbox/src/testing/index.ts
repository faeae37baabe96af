/**
 * The testing entry of the local platform (`@internal/sandbox/testing`): start a sandbox on free
 * 127.0.0.1 ports and get back its URLs, credentials and the portal config that points at it;
 * `waitFor` polls for what the sandbox does in the background (Argo CD operations, polls).
 *
 * @packageDocumentation
 */

export { startTestSandbox } from './startTestSandbox';
export type { TestSandbox, TestSandboxOptions } from './startTestSandbox';
export { testPortalConfig } from './testPortalConfig';
export { waitFor } from '../testUtils/waitFor';
export type {
  TestSandboxCredentials,
  TestSandboxPortalConfig,
} from './testPortalConfig';
