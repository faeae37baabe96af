import { shortRevision } from './rollbackCommitMessage';

/** What the card says before a Git rollback is confirmed. */
export function gitRevertExplanation(options: {
  application: string;
  branch: string;
  dir: string;
  historyId: number;
  revision: string;
  files: unknown[];
}): string {
  const { files } = options;
  const to = `${shortRevision(options.revision)} (history entry ${
    options.historyId
  })`;
  if (files.length === 0) {
    return `The files under ${options.dir}/ on branch ${options.branch} are already as they were at ${to}: there is nothing to revert.`;
  }
  return `A revert commit will be pushed to branch ${
    options.branch
  } of the GitOps repository, putting ${files.length} file${
    files.length === 1 ? '' : 's'
  } under ${
    options.dir
  }/ back as they were at ${to}, and then Argo CD will sync Application ${
    options.application
  }.`;
}

/** What the card says before Argo CD's own rollback is confirmed. */
export function argoCdRollbackExplanation(options: {
  application: string;
  historyId: number;
  revision: string;
  /** Why the files cannot be shown, when they cannot. */
  unavailable?: string;
}): string {
  const text = `Argo CD will sync Application ${
    options.application
  } back to ${shortRevision(options.revision)} (history entry ${
    options.historyId
  }). The GitOps repository is not changed, so the Application shows OutOfSync until Git matches again.`;
  return options.unavailable
    ? `${text} The files cannot be compared: ${options.unavailable}.`
    : text;
}
