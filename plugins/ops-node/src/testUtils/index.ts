/**
 * Test utilities of the ops backends: a real git server over smart HTTP for tests of code that
 * writes to the GitOps repository.
 *
 * @packageDocumentation
 */
export { GitHttpTestServer, git } from './GitHttpTestServer';
export type { ReceivedRequest } from './GitHttpTestServer';
