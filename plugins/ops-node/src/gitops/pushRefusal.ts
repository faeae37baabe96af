/** A push the server refused, read from `git push --porcelain` output. */
export type PushRefusal = {
  /**
   * True when the branch moved on the server since the commit's parent was read (non-fast-forward,
   * or a concurrent push won the race for the ref lock, which an atomic push reports as a failed
   * transaction): the compare-and-swap failed.
   */
  branchMoved: boolean;
  /** The reasons of the refused refs, e.g. `[rejected] (fetch first)`. */
  refused: string[];
  /** What the server said (`remote:` lines, e.g. a pre-receive hook's message). */
  serverMessages: string[];
};

/**
 * Reads the output of a failed `git push --porcelain`. Undefined when no ref was refused (the
 * push failed for another reason: network, authentication, timeout).
 */
export function readPushRefusal(
  stdout: string,
  stderr: string,
): PushRefusal | undefined {
  const output = `${stdout}\n${stderr}`;
  const lines = output.split('\n');
  const refused = lines
    .filter(line => line.startsWith('!'))
    .map(line => line.split('\t').slice(2).join(' ').trim())
    .filter(Boolean);
  if (refused.length === 0) return undefined;
  const serverMessages = lines
    .filter(line => line.startsWith('remote:'))
    .map(line => line.slice('remote:'.length).trim())
    .filter(Boolean);
  const lostRace =
    refused.some(r =>
      /failed to update ref|atomic transaction failed/.test(r),
    ) && /cannot lock ref .* but expected/.test(output);
  const branchMoved =
    lostRace ||
    refused.some(r => /non-fast-forward|fetch first|stale info/.test(r));
  return { branchMoved, refused, serverMessages };
}
