import { describeKubernetesContract } from './__testUtils__/kubernetesContract';
import {
  SandboxKubernetesTarget,
  startSandboxKubernetesTarget,
} from './__testUtils__/sandboxKubeTarget';

describe('the sandbox Kubernetes API', () => {
  let target: SandboxKubernetesTarget;

  beforeAll(async () => {
    target = await startSandboxKubernetesTarget();
  });

  afterAll(async () => {
    await target?.stop();
  });

  describeKubernetesContract(() => target);
});
