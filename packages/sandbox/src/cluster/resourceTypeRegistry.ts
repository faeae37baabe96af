import {
  BUILTIN_CUSTOM_RESOURCE_TYPES,
  BUILTIN_RESOURCE_TYPES,
  kindFromPlural,
  VERSION_ALIASES,
} from './builtinResourceTypes';
import { ResourceType } from './types';

/** A custom resource definition the store should serve in addition to the built-in kinds. */
export interface CustomResourceOption {
  group: string;
  apiVersion: string;
  plural: string;
  kind?: string;
  namespaced?: boolean;
}

/** The built-in kinds plus the configured custom resources, without duplicates. */
export function servedResourceTypes(
  customResources: CustomResourceOption[] = [],
): ResourceType[] {
  const types = [...BUILTIN_RESOURCE_TYPES, ...BUILTIN_CUSTOM_RESOURCE_TYPES];
  for (const cr of customResources) {
    const exists = types.some(
      t =>
        t.group === cr.group &&
        t.version === cr.apiVersion &&
        t.plural === cr.plural,
    );
    if (!exists) {
      types.push({
        group: cr.group,
        version: cr.apiVersion,
        plural: cr.plural,
        kind: cr.kind ?? kindFromPlural(cr.plural),
        namespaced: cr.namespaced ?? true,
      });
    }
  }
  return types;
}

/** Finds the type of an apiVersion + kind, resolving version aliases to the stored version. */
export function findTypeFor(
  types: ResourceType[],
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  const storedVersion =
    VERSION_ALIASES.find(a => a.group === group && a.version === version)
      ?.storedVersion ?? version;
  return types.find(
    t => t.group === group && t.version === storedVersion && t.kind === kind,
  );
}
