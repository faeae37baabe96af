import { createExtensionTester } from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import metricsPlugin from './plugin';

describe('metrics plugin', () => {
  it('provides the metrics API and the golden signals card', () => {
    expect(metricsPlugin.getExtension('api:metrics')).toBeDefined();
    expect(
      metricsPlugin.getExtension('ops-card:metrics/golden-signals'),
    ).toBeDefined();
  });

  it('renders the card lazily as a React element', () => {
    const tester = createExtensionTester(
      metricsPlugin.getExtension('ops-card:metrics/golden-signals'),
    );
    expect(tester.get(coreExtensionData.reactElement)).toBeDefined();
  });

  it('takes the full width of the Ops tab for its charts', () => {
    const tester = createExtensionTester(
      metricsPlugin.getExtension('ops-card:metrics/golden-signals'),
    );
    expect(tester.get(OpsCardBlueprint.dataRefs.width)).toBe('full');
  });
});
