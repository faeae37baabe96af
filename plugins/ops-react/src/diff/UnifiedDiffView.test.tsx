import { render, screen } from '@testing-library/react';
import {
  UnifiedDiffView,
  unifiedDiffLineKinds,
  unifiedDiffTextLines,
} from './UnifiedDiffView';

const DIFF = [
  'diff --git a/apps/driver.yaml b/apps/driver.yaml',
  '--- a/apps/driver.yaml',
  '+++ b/apps/driver.yaml',
  '@@ -1,3 +1,3 @@',
  ' kind: VirtualService',
  '-weight: 90',
  '+weight: 80',
  '--- removed separator',
  '+++ added line',
];

describe('unifiedDiffLineKinds', () => {
  it('tells headers, added, removed and context lines apart', () => {
    expect(unifiedDiffLineKinds(DIFF)).toEqual([
      'context',
      'header',
      'header',
      'header',
      'context',
      'removed',
      'added',
      'removed',
      'added',
    ]);
  });
});

describe('unifiedDiffTextLines', () => {
  it('drops the empty line after the last newline only', () => {
    expect(unifiedDiffTextLines('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(unifiedDiffTextLines('a')).toEqual(['a']);
  });
});

describe('UnifiedDiffView', () => {
  it('renders every line of the text with its kind', () => {
    const { container } = render(
      <UnifiedDiffView diff={`${DIFF.join('\n')}\n`} />,
    );

    const lines = container.querySelectorAll('pre > span');
    expect(lines).toHaveLength(DIFF.length);
    expect(screen.getByText('+weight: 80')).toHaveAttribute(
      'data-diff-line',
      'added',
    );
    expect(screen.getByText('-weight: 90')).toHaveAttribute(
      'data-diff-line',
      'removed',
    );
    expect(screen.getByText('@@ -1,3 +1,3 @@')).toHaveAttribute(
      'data-diff-line',
      'header',
    );
  });

  it('renders lines given as a list', () => {
    render(<UnifiedDiffView diff={['--- a/x', '+++ b/x', '@@ -1 +1 @@']} />);

    expect(screen.getByText('--- a/x')).toHaveAttribute(
      'data-diff-line',
      'header',
    );
  });
});
