import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPOSITORY_ROOT } from '../packagePaths';
import { readerDenial } from './readerAccess';

const RBAC_DIR = path.join(REPOSITORY_ROOT, 'deploy/rbac');

function documents(file: string): any[] {
  const parsed = parseAllDocuments(
    fs.readFileSync(path.join(RBAC_DIR, file), 'utf8'),
  );
  for (const doc of parsed) expect(doc.errors).toEqual([]);
  return parsed.map(doc => doc.toJS());
}

const find = (docs: any[], kind: string, name: string) =>
  docs.find(d => d.kind === kind && d.metadata.name === name);

describe('deploy/rbac', () => {
  it('parses every manifest', () => {
    const files = fs.readdirSync(RBAC_DIR).filter(f => f.endsWith('.yaml'));
    expect(files.sort()).toEqual([
      'argocd-rbac-cm.yaml',
      'reader.yaml',
      'writer.yaml',
    ]);
    for (const file of files) {
      for (const doc of documents(file)) {
        expect(doc).toMatchObject({
          apiVersion: expect.any(String),
          kind: expect.any(String),
          metadata: { name: expect.any(String) },
        });
      }
    }
  });

  it('gives the reader get/list/watch only, never Secrets, as the sandbox enforces', () => {
    const role = find(
      documents('reader.yaml'),
      'ClusterRole',
      'ops-portal-reader',
    );
    for (const rule of role.rules) {
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('*');
      for (const verb of rule.verbs)
        expect(['get', 'list', 'watch']).toContain(verb);
      for (const resource of rule.resources) {
        const group = rule.apiGroups[0];
        const prefix = group ? `/apis/${group}/v1` : '/api/v1';
        expect(
          readerDenial('GET', `${prefix}/namespaces/a/${resource}`, {}),
        ).toBeUndefined();
      }
    }
    expect(
      readerDenial('GET', '/api/v1/namespaces/a/secrets/x', {})?.code,
    ).toBe(403);
  });

  it('binds the writer roles to the writer account only', () => {
    const docs = documents('writer.yaml');
    const bindings = docs.filter(d => d.kind === 'ClusterRoleBinding');
    expect(bindings.map(b => b.roleRef.name).sort()).toEqual([
      'ops-portal-scaffolder',
      'ops-portal-traffic-editor',
    ]);
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([
        {
          kind: 'ServiceAccount',
          name: 'ops-portal-writer',
          namespace: 'ops-portal',
        },
      ]);
    }
    const traffic = find(docs, 'ClusterRole', 'ops-portal-traffic-editor');
    expect(traffic.rules.flatMap((r: any) => r.resources)).not.toContain(
      'secrets',
    );
  });

  it('lets the Argo CD reader get applications and nothing else', () => {
    const rbac = find(
      documents('argocd-rbac-cm.yaml'),
      'ConfigMap',
      'argocd-rbac-cm',
    );
    const lines: string[][] = rbac.data['policy.csv']
      .trim()
      .split('\n')
      .map((line: string) => line.split(',').map(part => part.trim()));
    for (const line of lines) {
      expect(
        (line.length === 6 && line[0] === 'p') ||
          (line.length === 3 && line[0] === 'g'),
      ).toBe(true);
    }
    const reader = lines.filter(
      l => l[0] === 'p' && l[1] === 'role:ops-portal-reader',
    );
    expect(reader).toEqual([
      ['p', 'role:ops-portal-reader', 'applications', 'get', '*/*', 'allow'],
    ]);
    const writerActions = lines
      .filter(l => l[0] === 'p' && l[1] === 'role:ops-portal-writer')
      .map(l => `${l[2]}:${l[3]}`);
    expect(writerActions).toEqual(
      expect.arrayContaining([
        'applications:create',
        'applications:sync',
        'applications:get',
      ]),
    );
    expect(writerActions).not.toContain('applications:delete');
  });
});
