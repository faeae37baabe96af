import { Config } from '@backstage/config';

/**
 * The config block at `key`; throws `Missing config '<key>': <purpose>` when it is absent, so the
 * message says what the block is needed for.
 */
export function requireConfigBlock(
  config: Config,
  key: string,
  purpose: string,
): Config {
  const block = config.getOptionalConfig(key);
  if (!block) {
    throw new Error(`Missing config '${key}': ${purpose}`);
  }
  return block;
}

/**
 * The optional string `key` of `block` (found at `blockKey`), which must be one of `choices`;
 * `fallback` when it is absent. Throws naming the full key and the allowed values.
 */
export function readConfigChoice<T extends string>(
  block: Config,
  blockKey: string,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = block.getOptionalString(key) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    const quoted = choices.map(choice => `'${choice}'`);
    const allowed =
      quoted.length === 2
        ? `neither ${quoted[0]} nor ${quoted[1]}`
        : `not one of ${quoted.join(', ')}`;
    throw new Error(
      `Invalid config '${blockKey}.${key}': '${value}' is ${allowed}`,
    );
  }
  return value as T;
}
