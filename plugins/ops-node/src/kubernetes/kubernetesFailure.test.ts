import {
  describeKubernetesFailure,
  kubernetesApiStatus,
} from './kubernetesFailure';

const cluster = {
  name: 'prod',
  url: 'https://k8s.example.com',
  serviceAccountToken: 'secret-token',
  skipTLSVerify: false,
};
const api = "Kubernetes API at https://k8s.example.com (cluster 'prod')";

function describe_(error: unknown) {
  return describeKubernetesFailure(error, {
    cluster,
    timeoutMs: 5000,
    operation: 'listing Pods',
  });
}

describe('describeKubernetesFailure', () => {
  it.each([
    [
      'a refusal with the Status message',
      {
        code: 409,
        body: JSON.stringify({ message: 'the object has been modified' }),
      },
      {
        message: `${api} refused listing Pods (409: the object has been modified)`,
        status: 409,
      },
    ],
    [
      'a 403 with the RBAC hint and an unparseable body',
      { code: 403, body: '<html>' },
      {
        message: `${api} refused listing Pods (403); check the serviceAccountToken of the cluster and its RBAC`,
        status: 403,
      },
    ],
    [
      'a timeout',
      Object.assign(new Error('aborted'), { name: 'TimeoutError' }),
      { message: `${api} did not answer within 5000 ms while listing Pods` },
    ],
    [
      'a network error in the cause',
      Object.assign(new Error('fetch failed'), {
        cause: { code: 'ECONNREFUSED' },
      }),
      { message: `${api} is unreachable (ECONNREFUSED) while listing Pods` },
    ],
    [
      'anything else, cut to 300 characters',
      new Error('x'.repeat(400)),
      { message: `${api} failed while listing Pods: ${'x'.repeat(300)}` },
    ],
  ])('%s', (_name, error, expected) => {
    expect(describe_(error)).toEqual(expected);
  });
});

describe('kubernetesApiStatus', () => {
  it.each([
    [{ code: 404 }, 404],
    [{ code: 'ECONNRESET' }, undefined],
    [undefined, undefined],
  ])('%j → %s', (error, status) => {
    expect(kubernetesApiStatus(error)).toBe(status);
  });
});
