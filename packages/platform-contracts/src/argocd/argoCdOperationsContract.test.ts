import {
  ARGOCD_OPERATION_DELAY_ANNOTATION,
  SandboxArgoCdTarget,
  startSandboxArgoCdTarget,
} from '@internal/sandbox';
import { argoCdHttp } from './argoCdHttp';
import {
  ArgoCdOperationsContractTarget,
  describeArgoCdOperationsContract,
} from './argoCdOperationsContract';

// Starts local servers (git, the Argo CD stand-in): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const MANUAL = 'giropops-senhas';

/**
 * Replaces the Application through the API (`PUT /api/v1/applications/{name}`) with what `edit`
 * makes of it.
 */
async function editApplication(
  target: SandboxArgoCdTarget,
  name: string,
  edit: (app: any) => void,
): Promise<void> {
  const { body } = await argoCdHttp(
    target,
    'GET',
    `/api/v1/applications/${name}`,
  );
  const app = {
    metadata: {
      name,
      labels: body.metadata.labels,
      annotations: { ...body.metadata.annotations },
    },
    spec: body.spec,
  };
  edit(app);
  const response = await argoCdHttp(
    target,
    'PUT',
    `/api/v1/applications/${name}`,
    app,
  );
  if (response.status !== 200) {
    throw new Error(`PUT ${name}: ${JSON.stringify(response.body)}`);
  }
}

// The sandbox's Argo CD stand-in against the contract: the seed's giropops-senhas, synced at
// start, turned manual; driver keeps its automated policy.
describe('the Argo CD operations contract against the sandbox stand-in', () => {
  let sandbox: SandboxArgoCdTarget;
  let target: ArgoCdOperationsContractTarget;

  beforeAll(async () => {
    sandbox = await startSandboxArgoCdTarget();
    await editApplication(sandbox, MANUAL, app => {
      delete app.spec.syncPolicy.automated;
    });
    target = {
      url: sandbox.url,
      token: sandbox.token,
      project: 'default',
      manualApplication: MANUAL,
      automatedApplication: 'driver',
      setOperationDelay: ms =>
        editApplication(sandbox, MANUAL, app => {
          app.metadata.annotations[ARGOCD_OPERATION_DELAY_ANNOTATION] =
            String(ms);
        }),
    };
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  describeArgoCdOperationsContract(() => target);
});
