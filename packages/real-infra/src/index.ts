/**
 * The real-infrastructure suite: harnesses that start real servers on 127.0.0.1 from the binaries
 * `scripts/obtain-*.sh` cache, for the contract tests (`*.realinfra.test.ts`).
 *
 * @packageDocumentation
 */
export {};
