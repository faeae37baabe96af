import { mockServices } from '@backstage/backend-test-utils';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { auditedAction } from './auditedAction';

function setup(
  handler: (ctx: any) => Promise<void>,
  options: { dryRuns?: boolean } = {},
) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const action = createTemplateAction({
    id: 'example:do',
    supportsDryRun: true,
    schema: {
      input: { name: z => z.string() },
      output: { id: z => z.string() },
    },
    handler,
  });
  return { auditor, event, audited: auditedAction(action, auditor, options) };
}

const user = { ref: 'user:default/guest' };

describe('auditedAction', () => {
  it('records who ran it, the input and the outputs', async () => {
    const { auditor, event, audited } = setup(async ctx =>
      ctx.output('id', 'abc'),
    );
    const ctx = createMockActionContext({ input: { name: 'payments' }, user });
    await audited.handler(ctx);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'template-action',
      severityLevel: 'medium',
      meta: expect.objectContaining({
        actionId: 'example:do',
        initiator: 'user:default/guest',
        input: { name: 'payments' },
      }),
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: { output: { id: 'abc' } },
    });
    expect(ctx.output).toHaveBeenCalledWith('id', 'abc');
  });

  it('records the failure and rethrows it', async () => {
    const error = new Error('Keycloak at http://kc is unreachable');
    const { event, audited } = setup(async () => {
      throw error;
    });
    const ctx = createMockActionContext({ input: { name: 'payments' }, user });
    await expect(audited.handler(ctx)).rejects.toBe(error);
    expect(event.fail).toHaveBeenCalledWith({ error });
    expect(event.success).not.toHaveBeenCalled();
  });

  it('does not audit a dry run', async () => {
    const { auditor, audited } = setup(async ctx => ctx.output('id', 'x'));
    const ctx = {
      ...createMockActionContext({ input: { name: 'payments' } }),
      isDryRun: true,
    };
    await audited.handler(ctx);
    expect(auditor.createEvent).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('id', 'x');
  });

  it('audits dry runs too when asked, a refusal included', async () => {
    const error = new Error('Service name is taken');
    const { auditor, event, audited } = setup(
      async () => {
        throw error;
      },
      { dryRuns: true },
    );
    const ctx = {
      ...createMockActionContext({ input: { name: 'payments' }, user }),
      isDryRun: true,
    };
    await expect(audited.handler(ctx)).rejects.toBe(error);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        meta: expect.objectContaining({ dryRun: true }),
      }),
    );
    expect(event.fail).toHaveBeenCalledWith({ error });
  });
});
