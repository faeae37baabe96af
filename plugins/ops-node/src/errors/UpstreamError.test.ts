import { serializeError } from '@backstage/errors';
import { UpstreamError, withoutUrls } from './UpstreamError';

describe('withoutUrls', () => {
  it.each([
    ['no url here', 'no url here'],
    [
      "fatal: unable to access 'https://git.example.com/gitops.git/': 403",
      "fatal: unable to access '<url>': 403",
    ],
    [
      'GET http://prometheus:9090/api/v1/query?query=up failed',
      'GET <url> failed',
    ],
    ['ssh://git@host/repo and http://a:b@c/d', '<url> and <url>'],
    ['ratio 1:2 stays', 'ratio 1:2 stays'],
  ])('%j → %j', (text, expected) => {
    expect(withoutUrls(text)).toBe(expected);
  });

  it('is applied to every UpstreamError message', () => {
    const error = new UpstreamError(
      'Argo CD failed at http://argocd:8080/x',
      502,
    );
    expect(error.message).toBe('Argo CD failed at <url>');
    expect(error.upstreamStatus).toBe(502);
  });
});

describe('UpstreamError', () => {
  it('keeps the upstream URL for the log and out of the serialized error', () => {
    const error = new UpstreamError(
      'Kong Admin API refused GET /services (403)',
      403,
      'http://kong-admin:8001',
    );
    expect(error.name).toBe('ServiceUnavailableError');
    // The backend's error handler answers an error's own `status` instead of 503.
    expect(error).not.toHaveProperty('status');
    expect(error.upstreamUrl).toBe('http://kong-admin:8001');
    expect(error.logMessage).toBe(
      'Kong Admin API refused GET /services (403) (http://kong-admin:8001)',
    );
    const serialized = JSON.stringify(serializeError(error));
    expect(serialized).not.toContain('kong-admin');
    expect(serialized).toContain('"upstreamStatus":403');
  });

  it('logs the message alone without a URL', () => {
    expect(new UpstreamError('git push failed').logMessage).toBe(
      'git push failed',
    );
  });
});
