import { trackingAppName } from './argoTracking';

describe('trackingAppName', () => {
  it.each([
    [{ labels: { 'app.kubernetes.io/instance': 'nginx-ab' } }, 'nginx-ab'],
    [
      {
        annotations: {
          'argocd.argoproj.io/tracking-id':
            'nginx-ab:networking.istio.io/VirtualService:nginx-ab/nginx-ab',
        },
        labels: { 'app.kubernetes.io/instance': 'helm-release' },
      },
      'nginx-ab',
    ],
    [
      {
        annotations: {
          'argocd.argoproj.io/tracking-id':
            'team-a_payments:networking.istio.io/VirtualService:payments/payments',
        },
      },
      'payments',
    ],
    [{ labels: { app: 'nginx-ab' } }, undefined],
    [undefined, undefined],
  ])('reads %j as %s', (metadata, app) => {
    expect(trackingAppName(metadata)).toBe(app);
  });
});
