import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  annotatedEntity,
  argoCdConfig,
  argoCdHandlers,
  opsTestApis,
} from '../../__testUtils__/fixtures';
import { ArgoCdOverviewCard } from './ArgoCdOverviewCard';

// Roadie's card and the action bar load over msw; the test waits on what the card shows.
jest.setTimeout(30_000);

const server = setupServer();

function matches(element: Element, selector: string) {
  try {
    return element.matches(selector);
  } catch {
    return false; // a selector jsdom cannot parse, such as `::-ms-expand`
  }
}

/**
 * Whether a style sheet rule hides the element. jsdom's computed style does not apply the
 * `:empty` rule (the selector itself matches), so the test looks the rule up.
 */
function hiddenByStyleSheet(element: Element) {
  return Array.from(document.styleSheets)
    .flatMap(sheet => Array.from(sheet.cssRules))
    .some(
      rule =>
        rule instanceof CSSStyleRule &&
        rule.style.display === 'none' &&
        matches(element, rule.selectorText),
    );
}

describe('ArgoCdOverviewCard', () => {
  registerMswTestHooks(server);

  it('shows the one application without blank filler rows, the action bar under it', async () => {
    server.use(...argoCdHandlers);
    await renderInTestApp(
      <EntityProvider entity={annotatedEntity}>
        <ArgoCdOverviewCard />
      </EntityProvider>,
      { apis: opsTestApis(), config: argoCdConfig },
    );

    expect(await screen.findByText('Synced')).toBeInTheDocument();
    const card = screen.getByTestId('argocd-card');
    const rows = within(card).getAllByRole('row');
    const blank = rows.filter(row => row.childElementCount === 0);
    expect(blank.length).toBeGreaterThan(0);
    for (const row of blank) {
      expect(hiddenByStyleSheet(row)).toBe(true);
    }
    const filled = rows.filter(row => row.childElementCount > 0);
    expect(filled.length).toBeGreaterThan(1);
    for (const row of filled) {
      expect(hiddenByStyleSheet(row)).toBe(false);
    }
    expect(
      await screen.findByTestId(
        'argocd-actions-state',
        {},
        { timeout: 10_000 },
      ),
    ).toHaveTextContent('driver on sandbox · Synced · Healthy');
    expect(screen.getByTestId('argocd-action-sync')).toBeInTheDocument();
  });
});
