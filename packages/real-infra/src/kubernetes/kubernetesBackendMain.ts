/*
 * Runs `@backstage/plugin-kubernetes-backend` in a process of its own, outside Jest: the plugin
 * loads `@kubernetes/client-node` with dynamic `import()`, which Jest's module system runs only
 * under --experimental-vm-modules (and that flag breaks its `require` of other ES modules).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs kubernetesBackendMain.ts '<json>'
 *
 * The JSON is `{ "config": <app config>, "entities": [<catalog entities>] }`. Prints
 * `LISTENING <port>` once the backend serves on 127.0.0.1 and runs until SIGTERM.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';

async function main() {
  const { config, entities } = JSON.parse(process.argv[2] ?? '{}');
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING ${port}\n`);
  process.once('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
