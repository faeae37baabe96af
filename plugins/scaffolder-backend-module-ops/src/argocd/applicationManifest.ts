import { InputError } from '@backstage/errors';
import { isDns1123Subdomain } from '@internal/plugin-ops-common';
import yaml from 'yaml';
import { z } from 'zod';

const sourceSchema = z
  .object({
    repoURL: z.string().min(1, 'spec.source.repoURL is required'),
    path: z.string().optional(),
    targetRevision: z.string().optional(),
  })
  .passthrough();

const applicationSchema = z
  .object({
    apiVersion: z.literal('argoproj.io/v1alpha1', {
      errorMap: () => ({
        message: "apiVersion must be 'argoproj.io/v1alpha1'",
      }),
    }),
    kind: z.literal('Application', {
      errorMap: () => ({ message: "kind must be 'Application'" }),
    }),
    metadata: z
      .object({
        name: z
          .string({ required_error: 'metadata.name is required' })
          .max(253, 'metadata.name must be at most 253 characters')
          .refine(
            isDns1123Subdomain,
            'metadata.name must be a DNS-1123 subdomain',
          ),
      })
      .passthrough(),
    spec: z
      .object({
        project: z.string().default('default'),
        source: sourceSchema.optional(),
        sources: z.array(sourceSchema).optional(),
        destination: z
          .object({
            server: z.string().optional(),
            name: z.string().optional(),
            namespace: z.string().optional(),
          })
          .passthrough(),
        syncPolicy: z
          .object({ automated: z.object({}).passthrough().nullish() })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .refine(spec => Boolean(spec.source) !== Boolean(spec.sources?.length), {
        message: 'spec must have exactly one of source or sources',
      }),
  })
  .passthrough();

/** A validated Argo CD Application manifest. */
export type ApplicationManifest = z.infer<typeof applicationSchema>;

/** What an Application may point at. */
export type ApplicationPolicy = {
  /** The Argo CD project new Applications must use. */
  project: string;
  /** Repositories the sources may use; empty means any. */
  allowedRepoUrls: string[];
};

/** Compares clone URLs ignoring case of the host, a trailing slash and `.git`. */
export function sameRepoUrl(a: string, b: string): boolean {
  const normalize = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname
        .replace(/\/+$/, '')
        .replace(/\.git$/, '')}`;
    } catch {
      return url;
    }
  };
  return normalize(a) === normalize(b);
}

/**
 * Parses and validates the rendered Application YAML: kind, apiVersion, name, one source (or
 * sources), the configured project and, when a GitOps repository is configured, sources from
 * that repository only — the Argo CD token must not deploy arbitrary repositories.
 */
export function parseApplicationManifest(
  text: string,
  policy: ApplicationPolicy,
): ApplicationManifest {
  let document: unknown;
  try {
    document = yaml.parse(text);
  } catch (error) {
    throw new InputError(
      `The Application file is not valid YAML: ${(error as Error).message}`,
    );
  }
  const parsed = applicationSchema.safeParse(document);
  if (!parsed.success) {
    throw new InputError(
      `The Application file is not a valid Argo CD Application: ${parsed.error.issues
        .map(i => i.message)
        .join('; ')}`,
    );
  }
  const app = parsed.data;
  if (app.spec.project !== policy.project) {
    throw new InputError(
      `Application '${app.metadata.name}' uses Argo CD project '${app.spec.project}'; this portal creates Applications in project '${policy.project}' only (opsPortal.scaffolder.argocdProject)`,
    );
  }
  const sources =
    app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
  for (const source of sources) {
    if (
      policy.allowedRepoUrls.length > 0 &&
      !policy.allowedRepoUrls.some(allowed =>
        sameRepoUrl(allowed, source.repoURL),
      )
    ) {
      throw new InputError(
        `Application '${app.metadata.name}' points at repository ${
          source.repoURL
        }; only the GitOps repository ${policy.allowedRepoUrls.join(
          ', ',
        )} is allowed`,
      );
    }
  }
  return app;
}
