import { describeKubernetesContract } from './contract/kubernetesContract';
import {
  SandboxKubernetesTarget,
  startSandboxKubernetesTarget,
} from './contract/sandboxKubeTarget';

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
