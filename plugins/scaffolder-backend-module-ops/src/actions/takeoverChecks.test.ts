import {
  argoApplicationProblem,
  gitopsServiceProblem,
  keycloakClientProblem,
  normalizeOwner,
  reservedClientIdProblem,
  sameOwner,
} from './takeoverChecks';

describe('normalizeOwner / sameOwner', () => {
  it.each([
    ['team-a', 'group:default/team-a'],
    ['group:team-a', 'group:default/team-a'],
    ['Group:Default/Team-A', 'group:default/team-a'],
    ['user:default/guest', 'user:default/guest'],
  ])('%s → %s', (owner, ref) => {
    expect(normalizeOwner(owner)).toBe(ref);
    expect(sameOwner(owner, ref)).toBe(true);
  });

  it('tells owners apart', () => {
    expect(sameOwner('team-a', 'group:default/team-b')).toBe(false);
    expect(sameOwner(undefined, 'group:default/team-a')).toBe(false);
  });
});

describe('reservedClientIdProblem', () => {
  it.each([
    ['account', true],
    ['ACCOUNT-console', true],
    ['admin-cli', true],
    ['broker', true],
    ['realm-management', true],
    ['security-admin-console', true],
    ['master-realm', true],
    ['portal-admin', true],
    ['payments', false],
    ['realm-payments', false],
  ])('%s reserved: %s', (clientId, reserved) => {
    expect(Boolean(reservedClientIdProblem(clientId, 'portal-admin'))).toBe(
      reserved,
    );
  });
});

describe('keycloakClientProblem', () => {
  const expected = { service: 'payments', owner: 'group:default/team-a' };
  it.each([
    [{}, 'did not create'],
    [{ 'ops-portal.service': 'payments' }, 'did not create'],
    [
      { 'ops-portal.service': 'payments', 'ops-portal.owner': 'team-b' },
      'owned by group:default/team-b',
    ],
    [
      { 'ops-portal.service': 'billing', 'ops-portal.owner': 'team-a' },
      "created for service 'billing'",
    ],
    [{ 'ops-portal.service': 'payments', 'ops-portal.owner': 'team-a' }, ''],
    [
      { 'ops-portal.service': ['payments'], 'ops-portal.owner': ['team-a'] },
      '',
    ],
  ])('%j → %s', (attributes, message) => {
    const problem = keycloakClientProblem(
      { clientId: 'payments', attributes },
      expected,
    );
    expect(problem ?? '').toContain(message);
    expect(problem === undefined).toBe(message === '');
  });
});

describe('argoApplicationProblem', () => {
  const app = (
    annotations: Record<string, string>,
    path = 'services/payments',
  ) => ({
    metadata: { name: 'payments', annotations },
    spec: { source: { repoURL: 'http://git/gitops.git', path } },
  });
  const expected = {
    owner: 'group:default/team-a',
    repoUrl: 'http://git/gitops',
    path: 'services/payments',
  };
  it.each([
    [app({}), 'did not create for an owner'],
    [app({ 'ops-portal/owner': 'team-b' }), 'owned by group:default/team-b'],
    [app({ 'ops-portal/owner': 'team-a' }, 'services/other'), 'but it deploys'],
    [app({ 'ops-portal/owner': 'group:default/team-a' }), ''],
  ])('%j → %s', (existing, message) => {
    const problem = argoApplicationProblem(existing, expected);
    expect(problem ?? '').toContain(message);
    expect(problem === undefined).toBe(message === '');
  });
});

describe('gitopsServiceProblem', () => {
  const state = (extra: object) => ({
    name: 'payments',
    branch: 'main',
    paths: ['services/payments/catalog-info.yaml'],
    ...extra,
  });
  it.each([
    [state({ paths: [] }), ''],
    [state({ catalogInfo: 'kind: Component\nspec:\n  owner: team-a\n' }), ''],
    [
      state({ catalogInfo: 'kind: Component\nspec:\n  owner: team-b\n' }),
      'owned by group:default/team-b',
    ],
    [
      state({
        catalogInfo:
          'kind: Component\nmetadata:\n  namespace: ops\nspec:\n  owner: team-a\n',
      }),
      'owned by group:ops/team-a',
    ],
    [state({ catalogInfo: 'kind: Component\n' }), 'with no owner'],
    [state({ catalogInfo: ': not yaml [' }), 'with no owner'],
    [
      state({
        paths: ['apps/payments.yaml'],
        application:
          'metadata:\n  annotations:\n    ops-portal/owner: group:default/team-b\n',
      }),
      'apps/payments.yaml, owned by group:default/team-b',
    ],
  ])('%j → %s', (s, message) => {
    const problem = gitopsServiceProblem(s, 'group:default/team-a');
    expect(problem ?? '').toContain(message);
    expect(problem === undefined).toBe(message === '');
  });
});
