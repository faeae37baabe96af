import path from 'node:path';
import {
  AuditorServiceEvent,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { GitCli } from '@internal/plugin-ops-node';
import { TrafficSettings } from '../config/readTrafficConfig';
import { createTrafficServices } from '../services/createTrafficServices';
import { sandboxEntities, TrafficSandbox } from './trafficSandbox';

/** The caller of most tests: the guest, owner of nginx-ab in the demo catalog. */
export const guest = {
  credentials: mockCredentials.user('user:default/guest'),
};

/** A permissions service that allows everything. */
export function allowAll(): PermissionsService {
  return mockServices.permissions({ result: AuthorizeResult.ALLOW });
}

/**
 * One traffic backend instance (a "replica") against the sandbox, with its own clone directory,
 * a mock auditor and the demo catalog.
 */
export function trafficServices(
  env: TrafficSandbox,
  options: {
    replica?: string;
    git?: GitCli;
    permissions?: PermissionsService;
    settings?: Partial<TrafficSettings>;
  } = {},
) {
  const auditor = mockServices.auditor.mock();
  const events: Array<{
    options: unknown;
    success: jest.Mock;
    fail: jest.Mock;
  }> = [];
  auditor.createEvent.mockImplementation(async eventOptions => {
    const event = {
      options: eventOptions,
      success: jest.fn(),
      fail: jest.fn(),
    };
    events.push(event);
    return event as unknown as AuditorServiceEvent;
  });
  const services = createTrafficServices({
    settings: { ...env.settings, ...options.settings },
    catalog: catalogServiceMock({ entities: sandboxEntities }),
    permissions: options.permissions ?? allowAll(),
    auditor,
    logger: mockServices.logger.mock(),
    workDir: path.join(env.scratch, options.replica ?? 'replica-a'),
    git: options.git,
  });
  return { ...services, auditor, events };
}
