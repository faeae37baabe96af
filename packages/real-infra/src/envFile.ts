/**
 * The `NAME=value` lines of an env file the obtain scripts write or read (versions.env,
 * obtained.env), by name. Other lines (comments, blanks) are skipped; values are taken verbatim.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}
