import { createServer } from 'node:net';
import { Backend, createSpecializedBackend } from '@backstage/backend-app-api';
import { defaultServiceFactories } from '@backstage/backend-defaults';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';

/** A free TCP port on the loopback interface. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts a backend with the production service implementations (`defaultServiceFactories`), the
 * given config instead of app-config files, and an HTTP server on 127.0.0.1 only. Service factories
 * among `features` replace the defaults. A backend that fails to start is stopped before the error
 * is rethrown, so no server or connection pool outlives the test.
 */
export async function startLoopbackBackend(options: {
  config: JsonObject;
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
}): Promise<{ backend: Backend; baseUrl: string }> {
  const port = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const backend = createSpecializedBackend({ defaultServiceFactories });
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl },
        ...options.config,
        backend: {
          ...((options.config.backend ?? {}) as JsonObject),
          baseUrl,
          listen: { host: '127.0.0.1', port },
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  for (const feature of options.features) {
    backend.add(feature);
  }
  try {
    await backend.start();
  } catch (error) {
    await backend.stop().catch(() => {});
    throw error;
  }
  return { backend, baseUrl };
}
