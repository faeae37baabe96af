import { ConflictError } from '@backstage/errors';

/**
 * A change met a state it did not expect (it was based on a state that is no longer current, or
 * an operation runs). Carries the state that won, which {@link stateConflictHandler} answers as
 * the body of a 409 (`StateConflictBody`), so the card shows it without another read.
 */
export class StateConflictError<T> extends ConflictError {
  constructor(message: string, readonly current: T) {
    super(message);
  }
}

/** The body of the 409 of a {@link StateConflictError}. */
export interface StateConflictBody<T> {
  error: { name: 'ConflictError'; message: string };
  current: T;
}

/** What {@link stateConflictHandler} uses of the response (an express response has it). */
export interface StateConflictResponse {
  status(code: number): { json(body: unknown): unknown };
}

/**
 * The router's error handler (`router.use(stateConflictHandler())`, after the routes) that answers
 * a {@link StateConflictError} as a 409 with the state that won
 * (`{ error: { name: 'ConflictError', message }, current }`); every other error goes on to the
 * backend's error handler.
 */
export function stateConflictHandler() {
  return (
    error: unknown,
    _req: unknown,
    res: StateConflictResponse,
    next: (error: unknown) => void,
  ): void => {
    if (error instanceof StateConflictError) {
      const body: StateConflictBody<unknown> = {
        error: { name: 'ConflictError', message: error.message },
        current: error.current,
      };
      res.status(409).json(body);
      return;
    }
    next(error);
  };
}
