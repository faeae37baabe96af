import { stringifyEntityRef, Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { logsApiRef } from '../../api';

/** Props of {@link ErrorCountLine}. */
export interface ErrorCountLineProps {
  entity: Entity;
  window: { from: Date; to: Date; range: string };
}

/**
 * The count of the service's error lines in the window, from the logs backend (Elasticsearch).
 * Renders nothing when the count is disabled, the backend's reason when the entity lacks the
 * annotation it needs; when Elasticsearch fails only this line says so,
 * the links above keep working.
 */
export function ErrorCountLine({ entity, window }: ErrorCountLineProps) {
  const logsApi = useApi(logsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { from, to, range } = window;
  const state = useAsync(
    () => logsApi.getErrorCount({ entityRef, from, to }),
    [logsApi, entityRef, from, to],
  );
  if (state.loading) {
    return (
      <Typography variant="body2" color="textSecondary">
        Counting errors in Elasticsearch…
      </Typography>
    );
  }
  if (state.error) {
    // The backend's message names the upstream and the cause, e.g. a timeout.
    const message =
      state.error instanceof ResponseError
        ? state.error.body.error.message
        : state.error.message;
    return (
      <Typography variant="body2" color="error" role="alert">
        Error count unavailable (Elasticsearch): {message}
      </Typography>
    );
  }
  const result = state.value;
  if (!result || 'disabled' in result) return null;
  if (isOpsNotConfigured(result)) {
    return (
      <Typography variant="body2" color="textSecondary">
        No error count: {result.message}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" data-testid="logs-error-count">
      <strong>{result.count}</strong>{' '}
      {result.count === 1 ? 'error line' : 'error lines'} in the last {range}{' '}
      (Elasticsearch)
    </Typography>
  );
}
