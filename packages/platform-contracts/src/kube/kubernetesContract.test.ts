import {
  SandboxKubernetesTarget,
  startSandboxKubernetesTarget,
} from '@internal/sandbox';
import { describeKubernetesContract } from './kubernetesContract';

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
