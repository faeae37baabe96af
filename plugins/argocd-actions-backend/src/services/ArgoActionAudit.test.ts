import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import { mockCredentials } from '@backstage/backend-test-utils';
import { UpstreamError } from '@internal/plugin-ops-node';
import { recordingAuditor } from '../__testUtils__/actionsBackend';
import { ArgoActionAudit, outcomeOf } from './ArgoActionAudit';

const caller = { credentials: mockCredentials.user('user:default/jane') };

describe('ArgoActionAudit', () => {
  it.each([
    [new InputError('x'), 'parse', 'refused', 'invalid'],
    [new InputError('x'), 'configure', 'refused', 'not-configured'],
    [new NotFoundError('x'), 'resolve', 'refused', 'not-found'],
    [new NotAllowedError('x'), 'authorize', 'refused', 'denied'],
    [new NotAllowedError('x'), 'act', 'refused', 'argocd-denied'],
    [new ConflictError('x'), 'act', 'refused', 'conflict'],
    [new NotImplementedError('x'), 'act', 'refused', 'unsupported'],
    [new UpstreamError('x'), 'act', 'failed', 'upstream-error'],
    [new Error('x'), 'act', 'failed', 'error'],
  ] as const)('%p at %s is %s (%s)', (error, stage, outcome, reason) => {
    expect(outcomeOf(error, stage)).toEqual({ outcome, reason });
  });

  it.each([
    ['sync', 'medium'],
    ['refresh', 'medium'],
    ['cancel', 'medium'],
    ['rollback', 'high'],
    ['rollback-preview', 'medium'],
  ] as const)(
    'opens %s events at severity %s, which the default auditor logs at info level',
    async (action, severity) => {
      const { auditor, events } = recordingAuditor();
      await new ArgoActionAudit(auditor).begin(action, caller, {});
      expect(events[0].options.severityLevel).toBe(severity);
    },
  );

  it('opens one event per request and ends it with the meta gathered on the way', async () => {
    const { auditor, events } = recordingAuditor();
    const audit = new ArgoActionAudit(auditor);
    const action = await audit.begin('rollback', caller, {
      entityRef: 'component:default/driver',
    });
    action.meta.commit = 'abc';
    await action.succeeded();
    expect(events).toHaveLength(1);
    expect(events[0].options).toEqual({
      eventId: 'argocd-rollback',
      severityLevel: 'high',
      request: undefined,
      meta: {
        actor: 'user:default/jane',
        action: 'rollback',
        entityRef: 'component:default/driver',
      },
    });
    expect(events[0].success).toHaveBeenCalledWith({
      meta: {
        actor: 'user:default/jane',
        action: 'rollback',
        entityRef: 'component:default/driver',
        commit: 'abc',
        outcome: 'succeeded',
      },
    });
  });

  it('writes a refusal at once, failed, with its reason', async () => {
    const { auditor, events } = recordingAuditor();
    const error = new NotAllowedError('no');
    await new ArgoActionAudit(auditor).refusal(
      'rollback-preview',
      caller,
      { entityRef: 'component:default/driver' },
      error,
      'authorize',
    );
    expect(events[0].options.eventId).toBe('argocd-rollback-preview');
    expect(events[0].fail).toHaveBeenCalledWith({
      error,
      meta: {
        actor: 'user:default/jane',
        action: 'rollback-preview',
        entityRef: 'component:default/driver',
        outcome: 'refused',
        reason: 'denied',
      },
    });
  });
});
