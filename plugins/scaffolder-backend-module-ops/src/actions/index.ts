import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';

/** What the actions are built from. */
export interface OpsActionsOptions {
  config: Config;
  logger: LoggerService;
}

/** Every action of this module, configured from the root config. */
export function createOpsActions(_options: OpsActionsOptions) {
  return [];
}
