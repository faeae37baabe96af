import { argoCDApiRef } from '@roadiehq/backstage-plugin-argo-cd';
import { roadieArgoCdApiRef } from './roadieArgoCdApiRef';

describe('roadieArgoCdApiRef', () => {
  it('has the id the Roadie cards look their API up by', () => {
    expect(roadieArgoCdApiRef.id).toBe(argoCDApiRef.id);
  });
});
