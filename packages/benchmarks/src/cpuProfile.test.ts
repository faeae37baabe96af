import { summarizeProfile } from './cpuProfile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

describe('summarizeProfile', () => {
  it('sums self time per function, leaves idle out and orders by time', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('(idle)') },
        {
          id: 3,
          callFrame: frame(
            'fetchUpstreamJson',
            'file:///repo/plugins/ops-node/src/http/fetchUpstream.ts',
            108,
          ),
        },
        {
          id: 4,
          callFrame: frame(
            'stringify',
            'file:///repo/node_modules/express/lib/response.js',
            1154,
          ),
        },
        { id: 5, callFrame: frame('(garbage collector)') },
      ],
      samples: [2, 3, 4, 3, 5, 2],
      timeDeltas: [9000, 1000, 2000, 3000, 4000, 9000],
    };
    expect(summarizeProfile(profile, 2)).toEqual([
      {
        name: 'fetchUpstreamJson (plugins/ops-node/src/http/fetchUpstream.ts:109)',
        selfMs: 4,
        percent: 40,
      },
      { name: '(garbage collector)', selfMs: 4, percent: 40 },
    ]);
    expect(summarizeProfile(profile, 10)[2].name).toBe(
      'stringify (express/lib/response.js:1155)',
    );
  });
});
