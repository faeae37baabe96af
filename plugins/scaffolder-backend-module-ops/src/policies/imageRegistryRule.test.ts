import {
  imageRegistryAllowlist,
  isAllowedImage,
  qualifiedImage,
} from './imageRegistryRule';
import { KubernetesObject } from './types';

const allowed = ['ghcr.io/acme/', 'registry.ops.local'];

function pod(...images: string[]): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'team' },
    spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
  };
}

describe('qualifiedImage', () => {
  it.each([
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['acme/app:1', 'docker.io/acme/app:1'],
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:1'],
    ['registry:5000/app', 'registry:5000/app'],
    ['localhost/app', 'localhost/app'],
  ])('%s → %s', (image, qualified) => {
    expect(qualifiedImage(image)).toBe(qualified);
  });
});

describe('isAllowedImage', () => {
  it.each<[string, string[], boolean]>([
    ['ghcr.io/acme/orders:1.0.0', allowed, true],
    ['registry.ops.local/driver:1.4.2', allowed, true],
    ['ghcr.io/acme-evil/orders:1', allowed, false],
    ['registry.ops.local.evil.com/x:1', allowed, false],
    ['ghcr.io/other/app:1', allowed, false],
    ['nginx:1.27', ['docker.io/library/'], true],
    ['nginx:1.27', allowed, false],
    ['', allowed, false],
  ])('%s with %j → %s', (image, prefixes, expected) => {
    expect(isAllowedImage(image, prefixes)).toBe(expected);
  });
});

describe('image-registry-allowlist', () => {
  const context = { allowedImageRegistries: allowed };

  it('passes images from allowed registries', () => {
    expect(
      imageRegistryAllowlist.check(
        pod(
          'ghcr.io/acme/a:1',
          `registry.ops.local/b@sha256:${'a'.repeat(64)}`,
        ),
        context,
      ),
    ).toEqual([]);
  });

  it.each(['docker.io/evil/x:1', 'nginx', 'ghcr.io/acmeco/x:1'])(
    'fails %s',
    image => {
      expect(imageRegistryAllowlist.check(pod(image), context)).toEqual([
        {
          rule: 'image-registry-allowlist',
          object: 'Pod/p',
          message: `policy image-registry-allowlist: image "${image}" is not from an allowed registry (ghcr.io/acme/, registry.ops.local)`,
        },
      ]);
    },
  );

  it('checks init containers too', () => {
    const object = pod('ghcr.io/acme/a:1');
    (object.spec as any).initContainers = [{ name: 'init', image: 'busybox' }];
    expect(imageRegistryAllowlist.check(object, context)).toHaveLength(1);
  });
});
