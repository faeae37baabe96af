/**
 * Polls `check` until it returns a value other than undefined/false, or fails with the last
 * observation after `timeoutMs`. For behaviour that happens in the background (polls, watches).
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${options.what ?? 'condition'}${
          lastError ? `: ${(lastError as Error).message}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
