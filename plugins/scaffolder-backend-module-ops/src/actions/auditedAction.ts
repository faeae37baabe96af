import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Wraps an action so every real run (not a dry run, unless `options.dryRuns`) writes an audit
 * event: who ran it, for which task and template, with which input, and its outputs or the
 * error (a refusal included). The actions never put a secret into their input or output, so both
 * are recorded as they are.
 */
export function auditedAction<
  TInput extends JsonObject,
  TOutput extends JsonObject,
>(
  action: TemplateAction<TInput, TOutput, 'v2'>,
  auditor: AuditorService,
  options: { dryRuns?: boolean } = {},
): TemplateAction<TInput, TOutput, 'v2'> {
  return {
    ...action,
    async handler(ctx) {
      if (ctx.isDryRun && !options.dryRuns) {
        await action.handler(ctx);
        return;
      }
      const event = await auditor.createEvent({
        eventId: 'template-action',
        severityLevel: 'medium',
        meta: {
          actionId: action.id,
          taskId: ctx.task.id,
          initiator: ctx.user?.ref ?? null,
          templateRef: ctx.templateInfo?.entityRef ?? null,
          dryRun: Boolean(ctx.isDryRun),
          input: ctx.input as JsonObject,
        },
      });
      const outputs: Record<string, JsonValue> = {};
      try {
        await action.handler({
          ...ctx,
          output: (name, value) => {
            outputs[name as string] = value as JsonValue;
            ctx.output(name, value);
          },
        });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
      await event.success({ meta: { output: outputs } });
    },
  };
}
