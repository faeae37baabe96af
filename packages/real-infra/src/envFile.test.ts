import { parseEnvFile } from './envFile';

describe('parseEnvFile', () => {
  it.each([
    { text: '', expected: {} },
    { text: 'HELM_VERSION=v3.19.0\n', expected: { HELM_VERSION: 'v3.19.0' } },
    {
      text: '# pinned\n\n  ETCD=/c/bin/etcd  \nCRD_DIRS=/a:/b=c\n',
      expected: { ETCD: '/c/bin/etcd', CRD_DIRS: '/a:/b=c' },
    },
    { text: 'lower=x\nX-Y=1\n=v\n', expected: {} },
    { text: 'A=1\nA=2\n', expected: { A: '2' } },
    { text: 'EMPTY=\n', expected: { EMPTY: '' } },
  ])('$text', ({ text, expected }) => {
    expect(parseEnvFile(text)).toEqual(expected);
  });
});
