import { TrafficPolicy } from '@internal/plugin-traffic-common';
import { editManifests } from './editManifests';
import { findIstioDocuments, ManifestFile } from './manifestDocuments';

const ISTIO = `# Istio objects of nginx-ab (comment at the top stays).
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: nginx-ab
spec:
  host: nginx-ab # the Service
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
---
# All traffic on v1 until the weights are shifted (through a commit to this file).
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: nginx-ab
spec:
  hosts:
    - nginx-ab
  http:
    - match:
        - headers:
            x-canary: { exact: "yes" }
      route:
        - destination: { host: nginx-ab, subset: v2 }
    - route:
        - destination:
            host: nginx-ab
            subset: v1
          weight: 100 # stable
        - destination:
            host: nginx-ab
            subset: v2
          weight: 0
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: untouched
data:
  key: 'single quoted'
`;

const names = { virtualService: 'nginx-ab', destinationRule: 'nginx-ab' };

function edit(policy: TrafficPolicy, text = ISTIO) {
  const files: ManifestFile[] = [
    { path: 'services/nginx-ab/istio.yaml', text },
  ];
  const found = findIstioDocuments(files, names, 'nginx-ab');
  return editManifests({
    files,
    virtualService: found.virtualService!,
    destinationRule: found.destinationRule!,
    policy,
  });
}

function changedLines(before: string, after: string) {
  const a = before.split('\n');
  const b = after.split('\n');
  return {
    removed: a.filter(line => !b.includes(line)),
    added: b.filter(line => !a.includes(line)),
  };
}

describe('editManifests', () => {
  it('changes only the two weights of the default route and keeps every comment', () => {
    const [file] = edit({
      weights: [
        { subset: 'v1', weight: 80 },
        { subset: 'v2', weight: 20 },
      ],
      resilience: {},
    });
    expect(file.path).toBe('services/nginx-ab/istio.yaml');
    expect(changedLines(file.before, file.after)).toEqual({
      removed: ['          weight: 100 # stable', '          weight: 0'],
      added: ['          weight: 80 # stable', '          weight: 20'],
    });
    expect(file.after.split('\n').length).toBe(ISTIO.split('\n').length);
  });

  it('adds and removes resilience settings in the right documents only', () => {
    const [file] = edit({
      weights: [
        { subset: 'v1', weight: 100 },
        { subset: 'v2', weight: 0 },
      ],
      resilience: {
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
        timeout: '10s',
        outlierDetection: { consecutive5xxErrors: 5, interval: '30s' },
      },
    });
    const { removed, added } = changedLines(file.before, file.after);
    expect(removed).toEqual([]);
    expect(added).toEqual([
      '  trafficPolicy:',
      '    outlierDetection:',
      '      consecutive5xxErrors: 5',
      '      interval: 30s',
      '      retries:',
      '        attempts: 3',
      '        perTryTimeout: 2s',
      '        retryOn: 5xx',
      '      timeout: 10s',
    ]);
    // The ConfigMap (and its quoting) is byte-identical.
    expect(file.after.endsWith(ISTIO.slice(ISTIO.lastIndexOf('---')))).toBe(
      true,
    );

    const [cleared] = edit(
      {
        weights: [
          { subset: 'v1', weight: 100 },
          { subset: 'v2', weight: 0 },
        ],
        resilience: {},
      },
      file.after,
    );
    expect(cleared.after).toBe(ISTIO);
  });

  it('answers no file when the policy is already in place', () => {
    expect(
      edit({
        weights: [
          { subset: 'v1', weight: 100 },
          { subset: 'v2', weight: 0 },
        ],
        resilience: {},
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'two spaces, lists not indented',
      [
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '  name: nginx-ab',
        'spec:',
        '  host: nginx-ab',
        '  subsets:',
        '  - name: v1',
        '    labels:',
        '      version: v1',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata:',
        '  name: nginx-ab',
        'spec:',
        '  http:',
        '  - route:',
        '    - destination:',
        '        host: nginx-ab',
        '        subset: v1',
        '',
      ],
      ['      weight: 100', '    timeout: 5s'],
    ],
    [
      'four spaces, lists indented',
      [
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata:',
        '    name: nginx-ab',
        'spec:',
        '    host: nginx-ab',
        '    subsets:',
        '        - name: v1',
        '          labels:',
        '              version: v1',
        '---',
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata:',
        '    name: nginx-ab',
        'spec:',
        '    http:',
        '        - route:',
        '              - destination:',
        '                    host: nginx-ab',
        '                    subset: v1',
        '',
      ],
      ['                weight: 100', '          timeout: 5s'],
    ],
  ])('keeps the indentation style (%s)', (_style, lines, added) => {
    const text = lines.join('\n');
    const [file] = edit(
      {
        weights: [{ subset: 'v1', weight: 100 }],
        resilience: { timeout: '5s' },
      },
      text,
    );
    expect(changedLines(file.before, file.after)).toEqual({
      removed: [],
      added,
    });
  });
});

describe('findIstioDocuments', () => {
  it('matches kind, name and namespace, skips broken documents and reports duplicates', () => {
    const files: ManifestFile[] = [
      { path: 'a.yaml', text: ISTIO },
      {
        path: 'b.yaml',
        text: [
          'apiVersion: networking.istio.io/v1',
          'kind: VirtualService',
          'metadata: { name: nginx-ab, namespace: other }',
          '---',
          'kind: VirtualService',
          'metadata: [broken',
          '---',
          'apiVersion: networking.istio.io/v1beta1',
          'kind: DestinationRule',
          'metadata: { name: nginx-ab }',
          'spec: { host: nginx-ab }',
        ].join('\n'),
      },
    ];
    const found = findIstioDocuments(files, names, 'nginx-ab');
    expect(found.virtualService).toMatchObject({ path: 'a.yaml', index: 1 });
    expect(found.destinationRule).toBeUndefined();
    expect(found.ambiguities).toEqual([
      'DestinationRule nginx-ab is defined more than once: a.yaml (document 1), b.yaml (document 3)',
    ]);
  });
});
