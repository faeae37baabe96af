import { logsPlugin } from './plugin';

describe('logs plugin', () => {
  it('provides the Logs card on the Ops tab and its API', () => {
    const card = logsPlugin.getExtension('ops-card:logs');
    expect(card).toBeDefined();
    expect(logsPlugin.getExtension('api:logs')).toBeDefined();
  });
});
