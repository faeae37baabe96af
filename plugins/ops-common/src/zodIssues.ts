/** What {@link zodIssueMessages} reads of a failed parse (a `ZodError` has it). */
export interface ParseIssues {
  issues: ReadonlyArray<{
    path: ReadonlyArray<string | number>;
    message: string;
  }>;
}

/**
 * One line per problem of a failed parse (zod): `path: message`, or the message alone for a
 * problem of the whole value. The wording of every invalid request body and answer of the ops
 * plugins.
 */
export function zodIssueMessages(error: ParseIssues): string[] {
  return error.issues.map(issue =>
    issue.path.length
      ? `${issue.path.join('.')}: ${issue.message}`
      : issue.message,
  );
}
