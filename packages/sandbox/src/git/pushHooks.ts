import fs from 'node:fs/promises';
import path from 'node:path';

/** What a rejected push reports when no message is given. */
export const DEFAULT_REJECT_MESSAGE = 'push rejected';

const HOOK = [
  '#!/bin/sh',
  '# Installed by the sandbox (rejectPushes): refuses every push to this repository.',
  'cat > /dev/null',
  'cat "$(dirname "$0")/pre-receive.message" >&2',
  'exit 1',
  '',
].join('\n');

/**
 * Makes every push to a bare repository fail, as a server-side `pre-receive` hook that declines
 * does: git prints the message as `remote: <message>` and reports
 * `! [remote rejected] ... (pre-receive hook declined)`; isomorphic-git throws a `GitPushError`
 * (`One or more branches were not updated: ... pre-receive hook declined`). Clones and fetches
 * keep working. Undo with {@link acceptPushes}.
 */
export async function rejectPushes(
  repoPath: string,
  message: string = DEFAULT_REJECT_MESSAGE,
): Promise<void> {
  const hooks = path.join(repoPath, 'hooks');
  await fs.mkdir(hooks, { recursive: true });
  await fs.writeFile(path.join(hooks, 'pre-receive.message'), `${message}\n`);
  await fs.writeFile(path.join(hooks, 'pre-receive'), HOOK, { mode: 0o755 });
  await fs.chmod(path.join(hooks, 'pre-receive'), 0o755);
}

/** Removes the hook {@link rejectPushes} installed; pushes are accepted again. */
export async function acceptPushes(repoPath: string): Promise<void> {
  const hooks = path.join(repoPath, 'hooks');
  await fs.rm(path.join(hooks, 'pre-receive'), { force: true });
  await fs.rm(path.join(hooks, 'pre-receive.message'), { force: true });
}
