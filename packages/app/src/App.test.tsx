import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';
import {
  installDiscoveredModules,
  loadDiscoveredModules,
} from './__testUtils__/discoveredPackages';

function setAppConfig() {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Ops Portal', packages: 'all' },
          backend: { baseUrl: 'http://localhost:7007' },
          argocd: {
            appLocatorMethods: [
              {
                type: 'config',
                instances: [{ name: 'sandbox', url: 'http://127.0.0.1:7172' }],
              },
            ],
          },
        },
        context: 'test',
      },
    ] as any,
  };
}

async function signInAsGuest() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Enter' }, { timeout: 15000 }),
  );
}

// Both tests load every plugin of the app: seconds alone, minutes on two cores shared with others.
describe('App', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    setAppConfig();
    // No auth backend answers here: accept the guest page's offer of the local guest identity.
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });

  afterEach(() => {
    jest.restoreAllMocks();
    localStorage.clear();
  });

  it('starts with every discovered plugin and no broken or duplicate extensions', async () => {
    installDiscoveredModules(loadDiscoveredModules());

    render(App.createRoot());
    await signInAsGuest();

    const nav = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      { timeout: 15000 },
    );
    for (const item of ['Home', 'Catalog', 'APIs', 'Create', 'Search']) {
      expect(
        await within(nav).findByText(item, undefined, { timeout: 5000 }),
      ).toBeInTheDocument();
    }
    expect(within(nav).getByLabelText('Settings')).toBeInTheDocument();
    expect(within(nav).queryByText('Catalog Graph')).not.toBeInTheDocument();
    expect(screen.queryByText('App startup failed')).not.toBeInTheDocument();

    const startupWarnings = warn.mock.calls
      .map(args => String(args[0]))
      .filter(message => /^[A-Z_]+: /.test(message));
    expect(startupWarnings).toEqual([]);
  }, 120_000);

  it('opens the catalog at the root path', async () => {
    installDiscoveredModules(loadDiscoveredModules());

    render(App.createRoot());
    await signInAsGuest();

    await waitFor(() => expect(window.location.pathname).toBe('/catalog'), {
      timeout: 15000,
    });
  }, 120_000);
});
