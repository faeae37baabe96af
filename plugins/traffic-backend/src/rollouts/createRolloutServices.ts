import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { TrafficSettings } from '../config/readTrafficConfig';
import { TrafficServices } from '../services/createTrafficServices';
import { CanaryAnalysisSource } from './CanaryAnalysisClient';
import { RolloutEngine } from './RolloutEngine';
import { RolloutService } from './RolloutService';
import { RolloutStore } from './RolloutStore';

/** The owner actions and the step loop of progressive rollouts, over the traffic services. */
export function createRolloutServices(options: {
  services: TrafficServices;
  settings: TrafficSettings;
  store: RolloutStore;
  analysis: CanaryAnalysisSource;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
  now?: () => Date;
}): { rollouts: RolloutService; engine: RolloutEngine } {
  const { services, settings, store, now } = options;
  const rollouts = new RolloutService({
    store,
    targets: services.targets,
    reader: services.reader,
    authorizer: services.authorizer,
    namespaces: services.namespaces,
    auditor: options.auditor,
    minIntervalSeconds: settings.rollouts.minIntervalSeconds,
    now,
  });
  const engine = new RolloutEngine({
    store,
    targets: services.targets,
    reader: services.reader,
    editor: services.editor,
    analysis: options.analysis,
    auth: options.auth,
    logger: options.logger,
    waitTimeoutMs: settings.rollouts.waitTimeoutSeconds * 1000,
    now,
  });
  return { rollouts, engine };
}
