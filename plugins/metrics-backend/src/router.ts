import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';
import { MAX_CANARY_INTERVAL_SECONDS } from '@internal/plugin-metrics-common';
import { CanaryAnalysisService } from './services/CanaryAnalysisService';
import { DeployMarkersService } from './services/DeployMarkersService';
import { EntityMetricsTarget, EntityTargets } from './services/EntityTargets';
import { GoldenSignalsService } from './services/GoldenSignalsService';
import { HpaHistoryService } from './services/HpaHistoryService';
import { ObservedSplitService } from './services/ObservedSplitService';
import { METRICS_RANGES, metricsWindow } from './services/window';

/** What the router needs. @public */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  targets: EntityTargets;
  goldenSignals: GoldenSignalsService;
  hpaHistory: HpaHistoryService;
  observedSplit: ObservedSplitService;
  canaryAnalysis: CanaryAnalysisService;
  deployMarkers: DeployMarkersService;
  now?: () => number;
}

/**
 * Shortest interval a request may ask for (a rollout's plan); with the usual 15 s scrape interval
 * anything under 30 s has too few points, which the verdict shows as inconclusive.
 */
const MIN_REQUEST_INTERVAL_SECONDS = 5;

/** The canary analysis' evaluation time is aligned to this many seconds. */
const ANALYSIS_ALIGN_SECONDS = 15;

const entityRef = z.string().min(1, 'entityRef is required');
const end = z.coerce.number().int().positive().optional();
const windowQuery = z.object({ entityRef, range: z.enum(METRICS_RANGES), end });
const splitQuery = z.object({ entityRef, end });
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess(
    v => (v === undefined || v === '' ? undefined : Number(v)),
    schema.optional(),
  ) as z.ZodType<number | undefined>;
const canaryQuery = z.object({
  entityRef,
  end,
  interval: optionalNumber(
    z
      .number()
      .int()
      .min(MIN_REQUEST_INTERVAL_SECONDS)
      .max(MAX_CANARY_INTERVAL_SECONDS),
  ),
  minSuccessRate: optionalNumber(z.number().min(0).max(100)),
  maxLatencyP99Ms: optionalNumber(z.number().positive().max(600_000)),
  minRequests: optionalNumber(z.number().int().min(1)),
});

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const result = schema.safeParse(query);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(issue => `${issue.path.join('.') || 'query'}: ${issue.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/**
 * The metrics API. Thin: validates the query, resolves the entity with the caller's
 * credentials, and hands over to the services; errors are `@backstage/errors` types.
 * @public
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, logger, targets, now = Date.now } = options;
  const router = Router();
  router.use(express.json());

  /**
   * The entity's metrics target, resolved with the caller's credentials; when the entity is not
   * configured for metrics, answers that (which annotation to add) itself and returns undefined.
   */
  async function resolveTarget(
    req: express.Request,
    res: express.Response,
    ref: string,
  ): Promise<EntityMetricsTarget | undefined> {
    const target = await targets.resolve(ref, await httpAuth.credentials(req));
    if (isOpsNotConfigured(target)) {
      res.json(target);
      return undefined;
    }
    return target;
  }

  router.get('/golden-signals', async (req, res) => {
    const query = parse(windowQuery, req.query);
    const window = metricsWindow(query.range, query.end, now);
    const target = await resolveTarget(req, res, query.entityRef);
    if (!target) return;
    const body = await options.goldenSignals.get(target, window);
    for (const group of body.groups) {
      if (group.status === 'error') {
        logger.warn(`${target.entityRef} ${group.id}: ${group.error}`);
      }
    }
    res.json(body);
  });

  router.get('/hpa-history', async (req, res) => {
    const query = parse(windowQuery, req.query);
    const window = metricsWindow(query.range, query.end, now);
    const target = await resolveTarget(req, res, query.entityRef);
    if (!target) return;
    res.json(await options.hpaHistory.get(target, window));
  });

  router.get('/observed-split', async (req, res) => {
    const query = parse(splitQuery, req.query);
    const target = await resolveTarget(req, res, query.entityRef);
    if (!target) return;
    const time = query.end ?? Math.floor(now() / 1000);
    res.json(await options.observedSplit.get(target, time));
  });

  router.get('/deploy-markers', async (req, res) => {
    const query = parse(windowQuery, req.query);
    const target = await resolveTarget(req, res, query.entityRef);
    if (!target) return;
    const window = metricsWindow(query.range, query.end, now);
    // The charts' window ends aligned down to its step; a deploy of the last seconds still counts.
    const until = query.end ?? Math.floor(now() / 1000);
    res.json(
      await options.deployMarkers.get(
        target,
        { ...window, end: Math.max(window.end, until) },
        await httpAuth.credentials(req),
      ),
    );
  });

  router.get('/canary-analysis', async (req, res) => {
    const query = parse(canaryQuery, req.query);
    const target = await resolveTarget(req, res, query.entityRef);
    if (!target) return;
    const { minSuccessRate, maxLatencyP99Ms, minRequests } = query;
    const thresholds = Object.fromEntries(
      Object.entries({ minSuccessRate, maxLatencyP99Ms, minRequests }).filter(
        ([, value]) => value !== undefined,
      ),
    );
    // Aligned to the scrape interval, so that everyone opening the card shares one cached answer.
    const time =
      query.end ??
      Math.floor(now() / 1000 / ANALYSIS_ALIGN_SECONDS) *
        ANALYSIS_ALIGN_SECONDS;
    res.json(
      await options.canaryAnalysis.get(target, time, {
        intervalSeconds: query.interval,
        thresholds,
      }),
    );
  });

  return router;
}
