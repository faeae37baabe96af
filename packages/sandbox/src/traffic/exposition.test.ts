import {
  escapeHelp,
  escapeLabelValue,
  formatLabels,
  formatValue,
  renderExposition,
} from './exposition';

describe('escapeLabelValue', () => {
  it.each([
    ['plain', 'nginx-ab.nginx-ab.pnum-80', 'nginx-ab.nginx-ab.pnum-80'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['double quote', 'say "hi"', 'say \\"hi\\"'],
    ['line feed', 'two\nlines', 'two\\nlines'],
    ['all three', '\\"\n', '\\\\\\"\\n'],
    ['empty', '', ''],
    ['unicode stays', 'café', 'café'],
  ])('%s', (_case, input, expected) => {
    expect(escapeLabelValue(input)).toBe(expected);
  });
});

describe('escapeHelp', () => {
  it.each([
    ['quotes stay', 'a "b"', 'a "b"'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['line feed', 'a\nb', 'a\\nb'],
  ])('%s', (_case, input, expected) => {
    expect(escapeHelp(input)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each([
    [0, '0'],
    [25, '25'],
    [0.5, '0.5'],
    [1234.25, '1234.25'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%p → %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('formatLabels', () => {
  it.each([
    [[], ''],
    [[['a', '1']], '{a="1"}'],
    [
      [
        ['service', 'x'],
        ['le', '+Inf'],
      ],
      '{service="x",le="+Inf"}',
    ],
    [[['q', 'a"b']], '{q="a\\"b"}'],
  ] as const)('%j', (labels, expected) => {
    expect(formatLabels(labels)).toBe(expected);
  });
});

describe('renderExposition', () => {
  it('writes HELP, TYPE and one line per sample, skipping empty families', () => {
    const text = renderExposition([
      { name: 'empty_total', help: 'nothing', type: 'counter', samples: [] },
      {
        name: 'req_total',
        help: 'Requests\nper code',
        type: 'counter',
        samples: [{ labels: [['code', '200']], value: 3 }],
      },
      {
        name: 'lat_ms',
        help: 'Latency',
        type: 'histogram',
        samples: [
          { suffix: '_bucket', labels: [['le', '10']], value: 1 },
          { suffix: '_bucket', labels: [['le', '+Inf']], value: 2 },
          { suffix: '_sum', labels: [], value: 12.5 },
          { suffix: '_count', labels: [], value: 2 },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP req_total Requests\\nper code',
        '# TYPE req_total counter',
        'req_total{code="200"} 3',
        '# HELP lat_ms Latency',
        '# TYPE lat_ms histogram',
        'lat_ms_bucket{le="10"} 1',
        'lat_ms_bucket{le="+Inf"} 2',
        'lat_ms_sum 12.5',
        'lat_ms_count 2',
        '',
      ].join('\n'),
    );
  });

  it('renders nothing for no samples at all', () => {
    expect(renderExposition([])).toBe('');
  });
});
