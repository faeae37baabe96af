import { Config } from '@backstage/config';
import { readConfigChoice, requireConfigBlock } from '../config/configValues';

const GITOPS_KEY = 'opsPortal.gitops';

/** How a service's files reach the GitOps repository. */
export type PublishMode = 'commit' | 'branch';

/** The settings of `opsPortal.gitops`, validated. */
export type GitOpsSettings = {
  /** Clone URL; the only remote the publisher ever talks to. */
  repoUrl: string;
  /** Branch Argo CD tracks. */
  branch: string;
  publishMode: PublishMode;
  /** URL template with `{branch}` and `{path}`. */
  fileUrlTemplate: string;
  author: { name: string; email: string };
  /** HTTP credentials; the token is never logged. */
  auth?: { username: string; token: string };
  /** Web page of one commit, with `{sha}`; links a commit the portal pushed (optional). */
  commitUrlTemplate?: string;
};

/** Backstage's own default commit identity of scaffolder publishes. */
const DEFAULT_AUTHOR = { name: 'Scaffolder', email: 'scaffolder@backstage.io' };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads `opsPortal.gitops`. The repository URL must be http(s) without credentials in it, and a
 * token is only sent over https (or to a loopback test server).
 */
export function readGitOpsConfig(config: Config): GitOpsSettings {
  const gitops = requireConfigBlock(
    config,
    GITOPS_KEY,
    'publishing needs at least repoUrl and fileUrlTemplate',
  );
  const repoUrl = gitops.getString('repoUrl');
  let parsed: URL;
  try {
    parsed = new URL(repoUrl);
  } catch {
    throw new Error(
      `Invalid config 'opsPortal.gitops.repoUrl': '${repoUrl}' is not a URL`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(
      `Invalid config 'opsPortal.gitops.repoUrl': only http(s) clone URLs are supported, got '${parsed.protocol}'`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new Error(
      "Invalid config 'opsPortal.gitops.repoUrl': it must not contain credentials; set opsPortal.gitops.token instead",
    );
  }
  const publishMode = readConfigChoice<PublishMode>(
    gitops,
    GITOPS_KEY,
    'publishMode',
    ['commit', 'branch'],
    'commit',
  );
  const fileUrlTemplate = gitops.getString('fileUrlTemplate');
  if (!fileUrlTemplate.includes('{path}')) {
    throw new Error(
      "Invalid config 'opsPortal.gitops.fileUrlTemplate': it must contain the {path} placeholder",
    );
  }
  const token = gitops.getOptionalString('token');
  if (
    token &&
    parsed.protocol === 'http:' &&
    !LOOPBACK_HOSTS.has(parsed.hostname)
  ) {
    throw new Error(
      `Invalid config 'opsPortal.gitops': refusing to send the token over plain http to ${parsed.host}; use an https repoUrl`,
    );
  }
  const commitUrlTemplate = gitops.getOptionalString('commitUrlTemplate');
  if (commitUrlTemplate !== undefined) {
    if (!commitUrlTemplate.includes('{sha}')) {
      throw new Error(
        "Invalid config 'opsPortal.gitops.commitUrlTemplate': it must contain the {sha} placeholder",
      );
    }
    if (!/^https?:\/\//.test(commitUrlTemplate)) {
      throw new Error(
        "Invalid config 'opsPortal.gitops.commitUrlTemplate': it must be an http(s) URL",
      );
    }
  }
  const author = gitops.getOptionalConfig('author');
  return {
    repoUrl,
    branch: gitops.getOptionalString('branch') ?? 'main',
    publishMode,
    fileUrlTemplate,
    author: author
      ? { name: author.getString('name'), email: author.getString('email') }
      : DEFAULT_AUTHOR,
    auth: token
      ? {
          username: gitops.getOptionalString('username') ?? 'x-access-token',
          token,
        }
      : undefined,
    commitUrlTemplate,
  };
}

/**
 * The web page of a commit of the GitOps repository (`opsPortal.gitops.commitUrlTemplate` with
 * the SHA put in, URL-encoded); undefined when no template is configured.
 * @public
 */
export function gitOpsCommitUrl(
  settings: Pick<GitOpsSettings, 'commitUrlTemplate'>,
  sha: string,
): string | undefined {
  return settings.commitUrlTemplate
    ?.split('{sha}')
    .join(encodeURIComponent(sha));
}
