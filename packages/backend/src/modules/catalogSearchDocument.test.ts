import { Entity } from '@backstage/catalog-model';
import { catalogSearchDocument } from './catalogSearchDocument';

describe('catalogSearchDocument', () => {
  it.each<[string, Entity['metadata'], string]>([
    [
      'name and tags join the description',
      { name: 'driver', title: 'Driver API', description: 'Go REST API', tags: ['go', 'keycloak'] },
      'Go REST API : driver : go : keycloak',
    ],
    ['no description, no tags', { name: 'legacy' }, 'legacy'],
  ])('%s', (_case, metadata, expectedText) => {
    const document = catalogSearchDocument({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata,
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    });
    expect(document.text).toBe(expectedText);
    expect(document.title).toBe(metadata.title ?? metadata.name);
  });
});
