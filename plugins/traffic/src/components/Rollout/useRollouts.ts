import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  isActiveRollout,
  Rollout,
  RolloutsResponse,
} from '@internal/plugin-traffic-common';
import { TrafficApi } from '../../api';

/** How often the rollouts are re-read while none is active. */
export const IDLE_ROLLOUT_REFRESH_MS = 30_000;

/**
 * The entity's rollouts: re-read every `pollIntervalMs` while one is active (each tick of the
 * backend's step loop shows up within a poll), every {@link IDLE_ROLLOUT_REFRESH_MS} otherwise.
 * `replace` shows the rollout an owner action answered without waiting for the next read.
 */
export function useRollouts(
  api: TrafficApi,
  entityRef: string,
  pollIntervalMs: number,
) {
  const [latest, setLatest] = useState<RolloutsResponse>();
  const loaded = useAsyncRetry(async () => {
    const answer = await api.getRollouts(entityRef);
    setLatest(answer);
    return answer;
  }, [api, entityRef]);
  const { retry } = loaded;
  const active = latest?.active !== undefined;

  useEffect(() => {
    const timer = setTimeout(
      retry,
      active ? pollIntervalMs : IDLE_ROLLOUT_REFRESH_MS,
    );
    return () => clearTimeout(timer);
  }, [retry, active, pollIntervalMs, latest]);

  const replace = useCallback((rollout: Rollout) => {
    setLatest(current => {
      const recent = (current?.recent ?? []).filter(r => r.id !== rollout.id);
      return isActiveRollout(rollout)
        ? { active: rollout, recent }
        : { recent: [rollout, ...recent] };
    });
  }, []);

  return {
    rollouts: latest,
    loading: loaded.loading && !latest,
    error: latest ? undefined : loaded.error,
    pollError: latest ? loaded.error : undefined,
    replace,
  };
}
