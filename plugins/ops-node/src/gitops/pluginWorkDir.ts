import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LifecycleService } from '@backstage/backend-plugin-api';

/**
 * A backend plugin's own temporary directory (for the GitOps repository's clone): a new directory
 * `<prefix><random>` under the OS temp directory, removed with its content when the backend shuts
 * down.
 *
 * @param prefix - the start of the directory's name, e.g. `ops-traffic-`
 * @param lifecycle - the plugin's `coreServices.lifecycle`
 */
export async function pluginWorkDir(
  prefix: string,
  lifecycle: Pick<LifecycleService, 'addShutdownHook'>,
): Promise<string> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  lifecycle.addShutdownHook(() =>
    fs.rm(workDir, { recursive: true, force: true }),
  );
  return workDir;
}
