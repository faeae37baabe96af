import fs from 'node:fs/promises';
import { InputError } from '@backstage/errors';
import yaml from 'yaml';
import { APPLICATION_OWNER_ANNOTATION } from '../argocd/applicationOwner';
import { SourceFile } from './sourceFiles';

/**
 * Marks the service's Application manifest (`apps/<service>.yaml`) with its owner before it is
 * published: an app-of-apps that creates the Application from Git creates it marked, so the
 * owner's `argocd:app:create` and later runs recognise it. A manifest marked for another owner is
 * refused. Returns true when the file was changed; the rest of the file keeps its formatting.
 */
export async function markApplicationOwner(
  file: SourceFile,
  owner: string,
  sameOwner: (a: string, b: string) => boolean,
): Promise<boolean> {
  const text = await fs.readFile(file.absolutePath, 'utf8');
  const doc = yaml.parseDocument(text);
  if (doc.errors.length > 0 || doc.get('kind') !== 'Application') {
    throw new InputError(
      `${file.repoPath} must be one Argo CD Application manifest`,
    );
  }
  const path = ['metadata', 'annotations', APPLICATION_OWNER_ANNOTATION];
  const current = doc.getIn(path);
  if (current !== undefined) {
    if (typeof current === 'string' && sameOwner(current, owner)) {
      return false;
    }
    throw new InputError(
      `${file.repoPath} is marked as owned by ${String(current)}, not ${owner}`,
    );
  }
  doc.setIn(path, owner);
  await fs.writeFile(file.absolutePath, doc.toString());
  return true;
}
