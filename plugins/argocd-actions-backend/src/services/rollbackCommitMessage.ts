/** A commit id as people read it: its first 7 characters. */
export function shortRevision(revision: string): string {
  return revision.slice(0, 7);
}

/**
 * The message of a Git rollback's revert commit: a subject naming the entity, the revision it
 * goes back to and the user (`Roll back driver to 3f9a2c1 (by user:default/jane)`), a paragraph
 * saying what it restores, and trailers.
 */
export function rollbackCommitMessage(options: {
  entityName: string;
  entityRef: string;
  application: string;
  userRef: string;
  historyId: number;
  revision: string;
  directory: string;
}): string[] {
  const { revision } = options;
  return [
    `Roll back ${options.entityName} to ${shortRevision(revision)} (by ${
      options.userRef
    })`,
    `Restores ${options.directory}/ as it was at ${revision}, the revision of Argo CD history entry ${options.historyId} of Application ${options.application}; files added since are removed.`,
    [
      `Entity: ${options.entityRef}`,
      `Application: ${options.application}`,
      `Reverted-to: ${revision}`,
      `Requested-by: ${options.userRef}`,
    ].join('\n'),
  ];
}
