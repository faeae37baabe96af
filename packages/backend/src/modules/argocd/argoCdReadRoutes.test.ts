import { InputError } from '@backstage/errors';
import { classifyArgoCdRequest } from './argoCdReadRoutes';

describe('classifyArgoCdRequest', () => {
  it.each([
    ['GET', '/find/name/driver', {}],
    ['GET', '/find/name/driver', { appNamespace: 'argocd' }],
    ['GET', '/find/name/nginx-ab.v2', {}],
    ['GET', '/find/selector/app.kubernetes.io%2Fname%3Ddriver', {}],
    ['GET', '/find/selector/env%20in%20(a%2Cb)', {}],
    ['GET', '/argoInstance/main/applications/name/driver', {}],
    ['GET', '/argoInstance/main/applications/selector/app%3Ddriver', {}],
    [
      'GET',
      '/argoInstance/main/applications/name/driver/revisions/0123abc/metadata',
      { sourceIndex: '0' },
    ],
  ])('allows %s %s', (method, path, query) => {
    expect(classifyArgoCdRequest(method, path, query)).toEqual({
      allowed: true,
    });
  });

  it.each([
    ['POST', '/createArgo'],
    ['PUT', '/updateArgo/driver'],
    ['POST', '/sync'],
    ['DELETE', '/argoInstance/main/applications/driver'],
    ['DELETE', '/argoInstance/main/applications/driver/operation'],
    ['GET', '/allArgoApps/main'],
    ['GET', '/argoInstance/main/repo/r/source/s'],
    ['GET', '/argoInstance/main/applications/driver'],
    ['HEAD', '/find/name/driver'],
    ['POST', '/find/name/driver'],
    ['GET', '/find/name/driver/'],
    ['GET', '/find/name'],
    ['GET', '/'],
  ])('refuses %s %s', (method, path) => {
    expect(classifyArgoCdRequest(method, path, {})).toMatchObject({
      allowed: false,
      reason: expect.stringContaining(`${method} ${path} is not a read route`),
    });
  });

  it.each([
    ['/find/name/..', {}],
    ['/find/name/.', {}],
    ['/find/name/Driver', {}],
    ['/find/name/a..b', {}],
    ['/find/name/a.-b', {}],
    ['/argoInstance/main/applications/name/a..b', {}],
    ['/find/name/driver', { appNamespace: 'a.b' }],
    ['/find/name/a%2Fb', {}],
    ['/find/name/%E0%A4%A', {}],
    ['/find/selector/a%3Fb', {}],
    ['/find/selector/a%23b', {}],
    ['/argoInstance/..%2Fx/applications/name/driver', {}],
    [
      '/argoInstance/main/applications/name/driver/revisions/..%2Fx/metadata',
      {},
    ],
    ['/argoInstance/main/applications/name/driver/revisions/.git/metadata', {}],
    ['/find/name/driver', { appNamespace: '../x' }],
    ['/find/name/driver', { appNamespace: ['a', 'b'] }],
    [
      '/argoInstance/main/applications/name/driver/revisions/abc/metadata',
      { sourceIndex: '1&x=y' },
    ],
  ])('refuses the names of GET %s %j with an InputError', (path, query) => {
    expect(() => classifyArgoCdRequest('GET', path, query)).toThrow(InputError);
  });
});
