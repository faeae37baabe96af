import { parseAllDocuments } from 'yaml';
import { renderManifestFile, toYamlDocument } from './yaml';

describe('toYamlDocument', () => {
  it('puts apiVersion, kind and metadata first and keeps the rest in order', () => {
    expect(
      toYamlDocument({
        spec: { b: 1, a: 2 },
        kind: 'X',
        metadata: { name: 'x' },
        apiVersion: 'v1',
      }),
    ).toBe(
      'apiVersion: v1\nkind: X\nmetadata:\n  name: x\nspec:\n  b: 1\n  a: 2\n',
    );
  });

  it.each(['yes', 'no', 'on', 'off', 'true', 'y', '0755', '1e3', '2024-01-01'])(
    'quotes %s so YAML 1.1 parsers read a string',
    value => {
      expect(toYamlDocument({ apiVersion: 'v1', kind: 'X', value })).toContain(
        `value: "${value}"`,
      );
    },
  );

  it('never folds long lines', () => {
    const url = `http://keycloak/${'a'.repeat(200)}`;
    expect(toYamlDocument({ apiVersion: 'v1', kind: 'X', url })).toContain(
      `url: ${url}\n`,
    );
  });
});

describe('renderManifestFile', () => {
  const file = {
    path: 'services/x/a.yaml',
    header: 'Two objects.\nSecond line.',
    documents: [
      { comment: 'The first.', object: { apiVersion: 'v1', kind: 'A' } },
      { object: { apiVersion: 'v1', kind: 'B' } },
    ],
  };

  it('writes the header, the comments and --- between documents', () => {
    expect(renderManifestFile(file)).toBe(
      '# Two objects.\n# Second line.\n# The first.\napiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n',
    );
  });

  it('parses back to the same objects', () => {
    const parsed = parseAllDocuments(renderManifestFile(file));
    expect(Array.isArray(parsed) && parsed.map(d => d.toJS())).toEqual(
      file.documents.map(d => d.object),
    );
  });
});
