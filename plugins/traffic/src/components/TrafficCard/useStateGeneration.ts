import { useRef } from 'react';

/**
 * A key for what is read beside the traffic state (the observed split, the canary verdicts): 0
 * while the state loads and for its first version, one more for every later version. Those reads
 * start with the state's, in parallel, and are read again only when the state changes; keyed on
 * the version itself, they would wait for the state and then be read twice.
 */
export function useStateGeneration(version: string | undefined): number {
  const seen = useRef({ version: '', generation: 0 });
  if (version && version !== seen.current.version) {
    seen.current = {
      version,
      generation: seen.current.version ? seen.current.generation + 1 : 0,
    };
  }
  return seen.current.generation;
}
