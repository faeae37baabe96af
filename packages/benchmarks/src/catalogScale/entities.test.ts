import {
  catalogFile,
  componentEntity,
  componentsOwnedBy,
  generateCatalog,
  groupName,
} from './entities';

describe('groupName', () => {
  it.each([
    [0, 200, 'team-000'],
    [7, 200, 'team-007'],
    [199, 200, 'team-199'],
    [3, 10, 'team-3'],
    [0, 1, 'team-0'],
  ])('group %i of %i is %s', (index, groups, name) => {
    expect(groupName(index, groups)).toBe(name);
  });
});

describe('componentEntity', () => {
  const shape = { components: 10_000, groups: 200, systems: 2 };
  it.each([
    [0, 'payments-api-00000', 'group:default/team-000', 'platform-1'],
    [1, 'billing-api-00001', 'group:default/team-001', 'platform-2'],
    [12, 'payments-worker-00012', 'group:default/team-012', 'platform-1'],
    [9_999, 'inventory-api-09999', 'group:default/team-199', 'platform-2'],
  ])('component %i is %s, owned by %s, in %s', (index, name, owner, system) => {
    const entity = componentEntity(index, shape);
    expect(entity.metadata.name).toBe(name);
    expect(entity.spec).toMatchObject({ owner, system });
    expect(entity.metadata.tags?.[0]).toBe(name.split('-')[0]);
  });

  it('names no system when the catalog has none', () => {
    expect(
      componentEntity(0, { ...shape, systems: 0 }).spec,
    ).not.toHaveProperty('system');
  });
});

describe('generateCatalog', () => {
  it.each([
    [{ components: 10_000, groups: 200, systems: 2 }, 10_203],
    [{ components: 5, groups: 2, systems: 0 }, 8],
  ])('%j has %i entities with unique refs', (shape, count) => {
    const entities = generateCatalog(shape);
    expect(entities).toHaveLength(count);
    const refs = new Set(
      entities.map(e => `${e.kind}:${e.metadata.name}`.toLowerCase()),
    );
    expect(refs.size).toBe(count);
    expect(entities.filter(e => e.kind === 'Component')).toHaveLength(
      shape.components,
    );
  });

  it('makes the user a member of the first group, which owns the systems', () => {
    const entities = generateCatalog({ components: 3, groups: 2, systems: 1 });
    expect(entities.find(e => e.kind === 'User')?.spec).toEqual({
      memberOf: ['team-0'],
    });
    expect(entities.find(e => e.kind === 'System')?.spec).toEqual({
      owner: 'group:default/team-0',
    });
  });

  it('refuses a catalog without groups', () => {
    expect(() =>
      generateCatalog({ components: 1, groups: 0, systems: 0 }),
    ).toThrow('at least one group');
  });
});

describe('componentsOwnedBy', () => {
  it.each([
    [0, { components: 10_000, groups: 200, systems: 0 }, 50],
    [0, { components: 10, groups: 3, systems: 0 }, 4],
    [1, { components: 10, groups: 3, systems: 0 }, 3],
    [2, { components: 10, groups: 3, systems: 0 }, 3],
  ])('group %i of %j owns %i', (index, shape, owned) => {
    expect(componentsOwnedBy(index, shape)).toBe(owned);
    const entities = generateCatalog(shape);
    expect(
      entities.filter(
        e =>
          e.kind === 'Component' &&
          (e.spec as { owner: string }).owner ===
            `group:default/${groupName(index, shape.groups)}`,
      ),
    ).toHaveLength(owned);
  });
});

describe('catalogFile', () => {
  it('writes one YAML document per entity', () => {
    const entities = generateCatalog({ components: 2, groups: 1, systems: 0 });
    const documents = catalogFile(entities).split('---\n').slice(1);
    expect(documents.map(d => JSON.parse(d))).toEqual(entities);
  });
});
