import { serializeError } from '@backstage/errors';
import {
  describeKubernetesFailure,
  kubernetesApiStatus,
  kubernetesUpstreamError,
} from './kubernetesFailure';

const cluster = {
  name: 'prod',
  url: 'https://k8s.example.com',
  serviceAccountToken: 'secret-token',
  skipTLSVerify: false,
};
const api = "Kubernetes cluster 'prod'";

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
      'a refusal with the Status reason and message',
      {
        code: 409,
        body: { reason: 'Conflict', message: 'the object has been modified' },
      },
      {
        message: `${api} refused listing Pods (409 Conflict: the object has been modified)`,
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
    [
      'anything else quoting a URL',
      new Error('connect to https://k8s.example.com:6443/api failed'),
      { message: `${api} failed while listing Pods: connect to <url> failed` },
    ],
  ])('%s', (_name, error, expected) => {
    expect(describe_(error)).toEqual(expected);
    expect(describe_(error).message).not.toContain('k8s.example.com');
  });
});

describe('kubernetesUpstreamError', () => {
  it('is a 503 naming the cluster, its URL for the log only', () => {
    const error = kubernetesUpstreamError(
      { code: 403, body: '{}' },
      { cluster, timeoutMs: 5000, operation: 'reading Secret a/b' },
    );
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.upstreamStatus).toBe(403);
    expect(error.message).toBe(
      `${api} refused reading Secret a/b (403); check the serviceAccountToken of the cluster and its RBAC`,
    );
    expect(error.logMessage).toContain('(https://k8s.example.com)');
    expect(JSON.stringify(serializeError(error))).not.toContain(
      'k8s.example.com',
    );
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
