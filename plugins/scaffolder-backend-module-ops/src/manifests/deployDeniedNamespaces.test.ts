import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_DENIED_NAMESPACES } from './settings';

/**
 * The platform namespaces are refused in four places: the template's preflight (this module's
 * default), the writer's admission policy, the services AppProject and the chart's values. A
 * namespace missing from one of them is a hole (a new service in the portal's own namespace, say);
 * this keeps them equal.
 */
const deploy = path.resolve(__dirname, '../../../../deploy');
const read = (file: string) => fs.readFileSync(path.join(deploy, file), 'utf8');
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
const expected = sorted(DEFAULT_DENIED_NAMESPACES);

describe('the platform namespaces in deploy/', () => {
  it('are denied to the writer by its admission policy (deploy/rbac/writer.yaml)', () => {
    const policy = parseAllDocuments(read('rbac/writer.yaml'))
      .map(doc => doc.toJS())
      .find(doc => doc?.kind === 'ValidatingAdmissionPolicy');
    const expression: string = policy.spec.validations[0].expression;
    const list = expression.match(/in\s*\[([^\]]*)\]/)?.[1] ?? '';
    expect(sorted([...list.matchAll(/'([^']+)'/g)].map(m => m[1]))).toEqual(
      expected,
    );
  });

  it('are denied destinations of the services AppProject, the rest allowed', () => {
    const project = parse(read('argocd/appproject-services.yaml'));
    const namespaces: string[] = project.spec.destinations.map(
      (d: { namespace: string }) => d.namespace,
    );
    expect(
      sorted(namespaces.filter(n => n.startsWith('!')).map(n => n.slice(1))),
    ).toEqual(expected);
    // A '!' entry denies even where '*' allows (Argo CD 2.5+); '*' lets services use the rest.
    expect(namespaces).toContain('*');
  });

  it("are the chart's rbac.writer.deniedNamespaces default", () => {
    const values = parse(read('helm/ops-portal/values.yaml'));
    expect(sorted(values.rbac.writer.deniedNamespaces)).toEqual(expected);
  });
});
