import { PolicyRule, PolicyViolation, violation } from './types';
import { containersOf } from './workloads';

const IMAGE_REGISTRY_ALLOWLIST_RULE = 'image-registry-allowlist';

/**
 * The fully qualified form of an image reference, as the container runtime resolves it: a
 * reference without a registry host (`nginx:1`, `team/app`) is Docker Hub's, and one-segment
 * names are under `library/`. So `docker.io/library/` allows `nginx` and `localhost` stays local.
 * @public
 */
export function qualifiedImage(image: string): string {
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const hasRegistry =
    first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasRegistry) return image;
  return slash === -1 ? `docker.io/library/${image}` : `docker.io/${image}`;
}

/**
 * Whether an image is under one of the allowed prefixes. A prefix always ends at a path boundary
 * (`ghcr.io/acme` is read as `ghcr.io/acme/`), so `ghcr.io/acme-evil/x` is not under it.
 * @public
 */
export function isAllowedImage(image: string, prefixes: string[]): boolean {
  const candidates = [image, qualifiedImage(image)];
  return prefixes.some(prefix => {
    const bounded = prefix.endsWith('/') ? prefix : `${prefix}/`;
    return candidates.some(candidate => candidate.startsWith(bounded));
  });
}

/** Images only from the configured registries (the platform's private registry). @public */
export const imageRegistryAllowlist: PolicyRule = {
  id: IMAGE_REGISTRY_ALLOWLIST_RULE,
  description: 'Images must come from an allowed registry',
  check(object, context) {
    const found: PolicyViolation[] = [];
    for (const { container } of containersOf(object)) {
      const image = container.image ?? '';
      if (!isAllowedImage(image, context.allowedImageRegistries)) {
        found.push(
          violation(
            'image-registry-allowlist',
            object,
            `image "${image}" is not from an allowed registry (${context.allowedImageRegistries.join(
              ', ',
            )})`,
          ),
        );
      }
    }
    return found;
  },
};
