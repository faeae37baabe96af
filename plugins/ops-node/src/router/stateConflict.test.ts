import { ConflictError, NotFoundError } from '@backstage/errors';
import { StateConflictError, stateConflictHandler } from './stateConflict';

class DriverConflictError extends StateConflictError<{ version: string }> {}

function response() {
  const json = jest.fn();
  const status = jest.fn(() => ({ json }));
  return { res: { status }, status, json };
}

describe('stateConflictHandler', () => {
  it('answers a state conflict as a 409 with the state that won', () => {
    const { res, status, json } = response();
    const next = jest.fn();
    const error = new DriverConflictError('the policy changed', {
      version: 'v2',
    });

    stateConflictHandler()(error, {}, res, next);

    expect(error).toBeInstanceOf(ConflictError);
    expect(status).toHaveBeenCalledWith(409);
    expect(json).toHaveBeenCalledWith({
      error: { name: 'ConflictError', message: 'the policy changed' },
      current: { version: 'v2' },
    });
    expect(next).not.toHaveBeenCalled();
  });

  it.each([
    new ConflictError('a conflict without a state'),
    new NotFoundError('entity not found'),
  ])('hands any other error on: %s', error => {
    const { res, status } = response();
    const next = jest.fn();

    stateConflictHandler()(error, {}, res, next);

    expect(next).toHaveBeenCalledWith(error);
    expect(status).not.toHaveBeenCalled();
  });
});
