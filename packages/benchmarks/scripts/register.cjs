// Lets `node --require ./scripts/register.cjs src/opsTab.ts` run the TypeScript sources directly.
require('@backstage/cli/config/nodeTransform.cjs');
