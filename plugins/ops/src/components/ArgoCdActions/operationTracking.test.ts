import {
  dryRunState,
  failedState,
  idleState,
  runningState,
  succeededState,
} from '../../__testUtils__/argoActionsFixtures';
import {
  afterAction,
  afterPoll,
  MAX_POLLS_FOR_START,
  operationKey,
} from './operationTracking';

const notConfigured = {
  missingAnnotation: 'argocd/app-name',
  message: 'no Application',
};

describe('afterAction', () => {
  it('polls through the running operation without waiting for another', () => {
    expect(afterAction(runningState, idleState.operation)).toEqual({
      ended: false,
    });
  });

  it('ends at once when the answer already shows a new finished operation', () => {
    expect(afterAction(dryRunState, idleState.operation)).toEqual({
      ended: true,
      operation: dryRunState.operation,
    });
  });

  it('waits for the operation when the answer still shows the previous one', () => {
    expect(afterAction(idleState, idleState.operation)).toEqual({
      ended: false,
      awaited: { previousKey: operationKey(idleState.operation), polls: 0 },
    });
  });

  it('ends a cancel that answers the terminated operation', () => {
    expect(afterAction(failedState, runningState.operation)).toEqual({
      ended: true,
      operation: failedState.operation,
    });
  });
});

describe('afterPoll', () => {
  it('keeps polling while the operation runs', () => {
    expect(afterPoll(runningState, undefined, runningState)).toEqual({
      ended: false,
    });
  });

  it('ends when the running operation finishes', () => {
    expect(afterPoll(runningState, undefined, succeededState)).toEqual({
      ended: true,
      operation: succeededState.operation,
    });
  });

  it('does nothing between two idle states', () => {
    expect(afterPoll(idleState, undefined, idleState)).toEqual({
      ended: false,
    });
  });

  it('waits for the awaited operation, then gives up', () => {
    let awaited = afterAction(idleState, idleState.operation).awaited;
    for (let poll = 1; poll < MAX_POLLS_FOR_START; poll++) {
      const step = afterPoll(idleState, awaited, idleState);
      expect(step.ended).toBe(false);
      awaited = step.awaited;
    }
    expect(afterPoll(idleState, awaited, idleState)).toEqual({
      ended: true,
      operation: undefined,
    });
  });

  it('ends the wait when another finished operation shows up', () => {
    const awaited = afterAction(idleState, idleState.operation).awaited;
    expect(afterPoll(idleState, awaited, failedState)).toEqual({
      ended: true,
      operation: failedState.operation,
    });
  });

  it('stops on a not-configured answer', () => {
    expect(afterPoll(runningState, undefined, notConfigured)).toEqual({
      ended: false,
    });
  });
});
