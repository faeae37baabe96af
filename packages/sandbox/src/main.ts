import { loadSandboxConfig } from './config';
import { PortInUseError } from './listen';
import { Sandbox } from './Sandbox';

/* eslint-disable no-console */

async function main() {
  const argv = process.argv.slice(2);
  const config = await loadSandboxConfig({ argv });
  const sandbox = await Sandbox.start(config, {
    resetGit: argv.includes('--reset-git'),
  });
  console.log('Ops portal sandbox (dev and tests only) is running:');
  console.log(`  Kubernetes API  ${sandbox.urls.kubernetes}`);
  console.log(`  Argo CD API     ${sandbox.urls.argocd}`);
  console.log(`  Git             ${sandbox.urls.gitopsRepository}`);
  console.log(`  Keycloak        ${sandbox.urls.keycloak}`);
  console.log(`  Metrics         ${sandbox.urls.metrics}/metrics`);
  console.log(`  Elasticsearch   ${sandbox.urls.elasticsearch}`);
  console.log(`  Data            ${config.dataDir}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`Received ${signal}, stopping the sandbox`);
    sandbox.stop().then(
      () => process.exit(0),
      error => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(error => {
  if (error instanceof PortInUseError) {
    console.error(`Cannot start the sandbox: ${error.message}`);
  } else {
    console.error('Cannot start the sandbox:', error);
  }
  process.exit(1);
});
