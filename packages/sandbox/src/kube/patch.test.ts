import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
} from './patch';

const doc = {
  metadata: { name: 'web', labels: { app: 'web', stale: 'yes' } },
  spec: {
    replicas: 1,
    containers: [
      { name: 'app', image: 'web:1', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'proxy:1' },
    ],
    args: ['a', 'b'],
  },
};

describe('applyMergePatch', () => {
  it.each([
    [{ spec: { replicas: 3 } }, ['spec', 'replicas'], 3],
    [
      { metadata: { labels: { stale: null } } },
      ['metadata', 'labels'],
      { app: 'web' },
    ],
    [{ spec: { args: ['c'] } }, ['spec', 'args'], ['c']],
    [
      { spec: { containers: [{ name: 'app' }] } },
      ['spec', 'containers'],
      [{ name: 'app' }],
    ],
  ])('%j', (patch, path, expected) => {
    const result: any = applyMergePatch(doc, patch);
    expect(path.reduce((node, key) => node[key], result)).toEqual(expected);
  });

  it('does not modify its input', () => {
    applyMergePatch(doc, { spec: { replicas: 9 } });
    expect(doc.spec.replicas).toBe(1);
  });
});

describe('applyStrategicMergePatch', () => {
  it('merges named list elements and keeps the others', () => {
    const result: any = applyStrategicMergePatch(doc, {
      spec: {
        containers: [
          { name: 'app', image: 'web:2' },
          { name: 'new', image: 'x' },
        ],
      },
    });
    expect(result.spec.containers).toEqual([
      { name: 'app', image: 'web:2', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'proxy:1' },
      { name: 'new', image: 'x' },
    ]);
  });

  it('removes elements marked $patch: delete and replaces unnamed lists', () => {
    const result: any = applyStrategicMergePatch(doc, {
      spec: {
        containers: [{ name: 'sidecar', $patch: 'delete' }],
        args: ['z'],
      },
    });
    expect(result.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(result.spec.args).toEqual(['z']);
  });
});

describe('applyJsonPatch', () => {
  it.each([
    [
      [{ op: 'replace', path: '/spec/replicas', value: 2 }],
      ['spec', 'replicas'],
      2,
    ],
    [
      [{ op: 'add', path: '/metadata/labels/tier', value: 'x' }],
      ['metadata', 'labels', 'tier'],
      'x',
    ],
    [
      [{ op: 'add', path: '/spec/args/-', value: 'c' }],
      ['spec', 'args'],
      ['a', 'b', 'c'],
    ],
    [
      [{ op: 'add', path: '/spec/args/0', value: 'z' }],
      ['spec', 'args'],
      ['z', 'a', 'b'],
    ],
    [[{ op: 'remove', path: '/spec/args/0' }], ['spec', 'args'], ['b']],
    [
      [{ op: 'remove', path: '/metadata/labels/stale' }],
      ['metadata', 'labels'],
      { app: 'web' },
    ],
    [
      [
        { op: 'add', path: '/metadata/annotations', value: { 'a~b/c': '1' } },
        { op: 'replace', path: '/metadata/annotations/a~0b~1c', value: '2' },
      ],
      ['metadata', 'annotations'],
      { 'a~b/c': '2' },
    ],
    [
      [
        {
          op: 'test',
          path: '/spec/containers/0',
          value: doc.spec.containers[0],
        },
        { op: 'copy', from: '/spec/replicas', path: '/spec/minReplicas' },
      ],
      ['spec', 'minReplicas'],
      1,
    ],
    [
      [{ op: 'move', from: '/spec/args', path: '/spec/command' }],
      ['spec', 'command'],
      ['a', 'b'],
    ],
  ])('%j', (operations, path, expected) => {
    const result: any = applyJsonPatch(doc, operations);
    expect(path.reduce((node, key) => node[key], result)).toEqual(expected);
  });

  it.each([
    [[{ op: 'test', path: '/spec/replicas', value: 2 }]],
    [[{ op: 'replace', path: '/spec/missing', value: 2 }]],
    [[{ op: 'remove', path: '/spec/args/5' }]],
    [[{ op: 'add', path: '/nope/deeper', value: 1 }]],
    [[{ op: 'frobnicate', path: '/spec' }]],
    [[{ op: 'add', path: 'no-slash', value: 1 }]],
    [{ op: 'add', path: '/spec', value: 1 }],
  ])('rejects %j', operations => {
    expect(() => applyJsonPatch(doc, operations)).toThrow(PatchError);
  });

  it('applies all operations or none', () => {
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/spec/replicas', value: 5 },
        { op: 'test', path: '/spec/replicas', value: 1 },
      ]),
    ).toThrow(PatchError);
    expect(doc.spec.replicas).toBe(1);
  });
});
