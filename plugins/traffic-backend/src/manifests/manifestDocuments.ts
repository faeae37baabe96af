import { parseAllDocuments } from 'yaml';
import type { IstioObject } from '@internal/plugin-traffic-common';

/** A manifest file's content, with where it is. */
export interface ManifestFile {
  path: string;
  text: string;
}

/** One YAML document of a manifest file that holds an Istio object. */
export interface ManifestDocument {
  path: string;
  /** Index of the document in the file (multi-document YAML). */
  index: number;
  object: IstioObject;
}

/** The documents found for an entity's VirtualService and DestinationRule. */
export interface FoundDocuments {
  virtualService?: ManifestDocument;
  destinationRule?: ManifestDocument;
  /** Why a match is ambiguous, one message per kind. */
  ambiguities: string[];
}

const ISTIO_API = /^networking\.istio\.io\//;

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the VirtualService and DestinationRule named `names` among the documents of the files,
 * by apiVersion group, kind and metadata.name (and namespace when a document sets one), as Argo
 * CD would apply them into `namespace`. Documents that do not parse are skipped (Argo CD could
 * not apply them either).
 */
export function findIstioDocuments(
  files: ManifestFile[],
  names: { virtualService: string; destinationRule: string },
  namespace: string,
): FoundDocuments {
  const matches: Record<
    'VirtualService' | 'DestinationRule',
    ManifestDocument[]
  > = {
    VirtualService: [],
    DestinationRule: [],
  };
  for (const file of files) {
    const docs = parseAllDocuments(file.text);
    if (!Array.isArray(docs)) continue;
    docs.forEach((doc, index) => {
      if (doc.errors.length > 0) return;
      const object = doc.toJS();
      if (!isObject(object) || !ISTIO_API.test(String(object.apiVersion))) {
        return;
      }
      const kind: unknown = object.kind;
      if (kind !== 'VirtualService' && kind !== 'DestinationRule') return;
      const wanted =
        kind === 'VirtualService'
          ? names.virtualService
          : names.destinationRule;
      const metadata = isObject(object.metadata) ? object.metadata : {};
      if (metadata.name !== wanted) return;
      if (
        metadata.namespace !== undefined &&
        metadata.namespace !== namespace
      ) {
        return;
      }
      matches[kind].push({ path: file.path, index, object });
    });
  }
  const ambiguities = (['VirtualService', 'DestinationRule'] as const)
    .filter(kind => matches[kind].length > 1)
    .map(
      kind =>
        `${kind} ${
          kind === 'VirtualService'
            ? names.virtualService
            : names.destinationRule
        } is defined more than once: ${matches[kind]
          .map(m => `${m.path} (document ${m.index + 1})`)
          .join(', ')}`,
    );
  return {
    virtualService:
      matches.VirtualService.length === 1
        ? matches.VirtualService[0]
        : undefined,
    destinationRule:
      matches.DestinationRule.length === 1
        ? matches.DestinationRule[0]
        : undefined,
    ambiguities,
  };
}
