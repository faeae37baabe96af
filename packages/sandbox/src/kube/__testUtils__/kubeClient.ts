import { ApiException, KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig for `@kubernetes/client-node` that talks to a loopback API server with a bearer token. */
export function kubeConfig(port: number, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'sandbox',
        server: `http://127.0.0.1:${port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'tester', token }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'tester' }],
    currentContext: 'sandbox',
  });
  return kc;
}

/**
 * Expects a client call to fail with an `ApiException` of the given HTTP code and returns the
 * parsed Status body.
 */
export async function expectApiError(
  promise: Promise<unknown>,
  code: number,
): Promise<any> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  expect(error.code).toBe(code);
  return typeof error.body === 'string' && error.body
    ? JSON.parse(error.body)
    : error.body;
}
