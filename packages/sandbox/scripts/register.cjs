// Lets `node --require ./scripts/register.cjs src/main.ts` run the TypeScript sources directly.
require('@backstage/cli/config/nodeTransform.cjs');
