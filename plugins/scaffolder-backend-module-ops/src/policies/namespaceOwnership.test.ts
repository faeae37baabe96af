import { namespaceOwnershipProblem } from './namespaceOwnership';

const OWNER = 'group:default/team-drivers';

describe('namespaceOwnershipProblem', () => {
  it.each<[string, { annotations: Record<string, string> } | undefined]>([
    ['a namespace that does not exist yet', undefined],
    [
      "a namespace annotated with the owner's ref",
      { annotations: { 'ops-portal/owner': OWNER, other: 'x' } },
    ],
  ])('allows %s', (_case, live) => {
    expect(namespaceOwnershipProblem('payments', OWNER, live)).toBeUndefined();
  });

  it.each<[string, Record<string, string>, string]>([
    [
      "another owner's namespace",
      { 'ops-portal/owner': 'group:default/team-giropops' },
      "Namespace 'payments' belongs to group:default/team-giropops, not group:default/team-drivers; choose another namespace",
    ],
    [
      'an owner ref that differs only in kind',
      { 'ops-portal/owner': 'user:default/team-drivers' },
      "Namespace 'payments' belongs to user:default/team-drivers",
    ],
    [
      'a namespace without the annotation',
      { 'app.kubernetes.io/managed-by': 'ops-portal' },
      "Namespace 'payments' exists and is not managed by the portal (no ops-portal/owner annotation)",
    ],
    [
      'an empty owner annotation',
      { 'ops-portal/owner': '' },
      "Namespace 'payments' exists and is not managed by the portal",
    ],
  ])('refuses %s', (_case, annotations, message) => {
    expect(
      namespaceOwnershipProblem('payments', OWNER, { annotations }),
    ).toContain(message);
  });
});
