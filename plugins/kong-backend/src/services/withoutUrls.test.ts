import { withoutUrls } from './withoutUrls';

describe('withoutUrls', () => {
  it.each([
    [
      'Kong Admin API refused GET /plugins (401)',
      'Kong Admin API refused GET /plugins (401)',
    ],
    [
      'upstream http://kong-admin:8001/services failed',
      'upstream <url> failed',
    ],
    ["'https://a:b@c.example/x?y' said no", "'<url>' said no"],
    ['ratio 1:2 stays', 'ratio 1:2 stays'],
  ])('%j → %j', (text, expected) => {
    expect(withoutUrls(text)).toBe(expected);
  });
});
