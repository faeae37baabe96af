import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';

/** A file to publish: where it is in the workspace and where it goes in the repository. */
export type SourceFile = {
  /** Absolute path in the workspace. */
  absolutePath: string;
  /** Repository-relative path with `/` separators, e.g. `services/payments/deployment.yaml`. */
  repoPath: string;
};

/**
 * Lists the regular files under `root`, whose layout mirrors the repository. `.git` entries are
 * skipped (a copied `.git` could rewrite the clone's remote or hooks); symbolic links and other
 * special files are refused, so nothing outside the workspace can be published.
 */
export async function collectSourceFiles(root: string): Promise<SourceFile[]> {
  const stat = await fs.lstat(root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new InputError(`sourcePath is not a directory in the workspace`);
  }
  const files: SourceFile[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name === '.git') {
        continue;
      }
      const absolutePath = path.join(dir, entry.name);
      const repoPath = path
        .relative(root, absolutePath)
        .split(path.sep)
        .join('/');
      if (entry.isDirectory()) {
        await walk(absolutePath);
      } else if (entry.isFile()) {
        files.push({ absolutePath, repoPath });
      } else {
        throw new InputError(
          `sourcePath contains '${repoPath}', which is not a regular file (symbolic links are not published)`,
        );
      }
    }
  }
  await walk(root);
  if (files.length === 0) {
    throw new InputError('sourcePath contains no files to publish');
  }
  return files;
}

/** A digest of the paths and contents, so a checkpoint key changes when the content does. */
export async function digestSourceFiles(files: SourceFile[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash
      .update(file.repoPath)
      .update('\0')
      .update(await fs.readFile(file.absolutePath))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Checks a repository-relative path given as input (e.g. `catalogInfoPath`): relative, `/`
 * separated, no `.` or `..` segments. Returns it unchanged.
 */
export function validateRepoPath(what: string, value: string): string {
  const segments = value.split('/');
  if (
    value === '' ||
    value.startsWith('/') ||
    value.includes('\\') ||
    segments.some(s => s === '' || s === '.' || s === '..' || s === '.git')
  ) {
    throw new InputError(
      `${what} '${value}' must be a relative repository path such as services/payments/catalog-info.yaml`,
    );
  }
  return value;
}
