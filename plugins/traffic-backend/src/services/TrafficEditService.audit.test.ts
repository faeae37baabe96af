import { InputError, NotAllowedError } from '@backstage/errors';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import {
  TrafficEditService,
  TrafficEditServiceOptions,
} from './TrafficEditService';

const ENTITY = 'component:default/nginx-ab';
const caller = { credentials: mockCredentials.user('user:default/guest') };
const policy = { weights: [{ subset: 'v1', weight: 100 }] };

/** The service with a recording auditor; only what a refused request reaches is real. */
function service(options: Partial<TrafficEditServiceOptions> = {}) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(
    event as unknown as AuditorServiceEvent,
  );
  const editor = new TrafficEditService({
    auditor,
    ...options,
  } as TrafficEditServiceOptions);
  return { editor, auditor, event };
}

describe('TrafficEditService audit of refused requests', () => {
  it('audits a body that did not parse as one failed event with outcome invalid', async () => {
    const { editor, auditor, event } = service();
    const error = new InputError('baseVersion: Required');

    await editor.refuseInvalid(
      'traffic-preview',
      { entityRef: ENTITY, force: true, policy: 'x' },
      caller,
      error,
    );

    const meta = {
      actor: 'user:default/guest',
      entityRef: ENTITY,
      force: true,
    };
    expect(auditor.createEvent.mock.calls).toEqual([
      [
        {
          eventId: 'traffic-preview',
          severityLevel: 'medium',
          request: undefined,
          meta,
        },
      ],
    ]);
    expect(event.fail.mock.calls).toEqual([
      [{ error, meta: { ...meta, outcome: 'invalid' } }],
    ]);
  });

  it('audits a denied preview with the same event shape, outcome denied', async () => {
    const denial = new NotAllowedError('not yours');
    const { editor, auditor, event } = service({
      targets: {
        resolve: async () => ({ entityRef: ENTITY, namespace: 'nginx-ab' }),
      } as any,
      authorizer: {
        allowedEdits: async () => {
          throw denial;
        },
      } as any,
    });

    await expect(
      editor.preview(
        { entityRef: ENTITY, policy, baseVersion: 'git:x' } as any,
        caller,
      ),
    ).rejects.toBe(denial);

    const meta = {
      actor: 'user:default/guest',
      entityRef: ENTITY,
      force: false,
      after: policy,
      namespace: 'nginx-ab',
    };
    expect(auditor.createEvent.mock.calls).toEqual([
      [
        {
          eventId: 'traffic-preview',
          severityLevel: 'medium',
          request: undefined,
          meta,
        },
      ],
    ]);
    expect(event.fail.mock.calls).toEqual([
      [{ error: denial, meta: { ...meta, outcome: 'denied' } }],
    ]);
  });

  it('writes no event for a preview that fails upstream', async () => {
    const { editor, auditor } = service({
      targets: {
        resolve: async () => {
          throw new Error('catalog down');
        },
      } as any,
    });

    await expect(
      editor.preview(
        { entityRef: ENTITY, policy, baseVersion: 'git:x' } as any,
        caller,
      ),
    ).rejects.toThrow('catalog down');
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });
});
