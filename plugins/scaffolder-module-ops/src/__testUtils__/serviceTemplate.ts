import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The new-service template's folder: `templates/service` at the repository root. */
export const SERVICE_TEMPLATE_DIR = resolve(
  __dirname,
  '../../../../templates/service',
);

/** A JSON schema property as the template writes it. */
export type PropertySchema = {
  type?: string;
  title?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  properties?: Record<string, PropertySchema>;
  required?: string[];
  errorMessage?: Record<string, string>;
  [uiKey: `ui:${string}`]: unknown;
};

/** One page of the template's parameters. */
export type ParameterPage = {
  title: string;
  required?: string[];
  properties: Record<string, PropertySchema>;
};

/** One step of the template. */
export type TemplateStep = {
  id: string;
  name: string;
  action: string;
  if?: string;
  input: Record<string, unknown>;
};

/** The parts of `templates/service/template.yaml` the tests read. */
export type ServiceTemplate = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; title: string; tags: string[] };
  spec: {
    owner: string;
    type: string;
    parameters: ParameterPage[];
    steps: TemplateStep[];
    output: Record<string, unknown>;
  };
};

/** Reads and parses `templates/service/template.yaml`. */
export function loadServiceTemplate(): ServiceTemplate {
  return parse(
    readFileSync(resolve(SERVICE_TEMPLATE_DIR, 'template.yaml'), 'utf8'),
  );
}

/** The template's parameter page with this title. */
export function parameterPage(title: string): ParameterPage {
  const page = loadServiceTemplate().spec.parameters.find(
    p => p.title === title,
  );
  if (!page) {
    throw new Error(`The template has no parameter page "${title}"`);
  }
  return page;
}
