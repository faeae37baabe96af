import { useEffect, useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { OpsRefreshProvider, useOpsRefresh } from './OpsRefreshContext';

/** A card that counts its loads: one on mount, one per refresh. */
function LoadingCard(props: { name: string }) {
  const { refreshKey } = useOpsRefresh();
  const [loads, setLoads] = useState(0);
  useEffect(() => setLoads(count => count + 1), [refreshKey]);
  return (
    <span data-testid={props.name}>
      key {refreshKey}, loads {loads}
    </span>
  );
}

function RefreshButton() {
  const { requestRefresh } = useOpsRefresh();
  return <button onClick={requestRefresh}>Operation ended</button>;
}

describe('ops refresh', () => {
  it('makes every card of the tab load again when one asks', () => {
    render(
      <OpsRefreshProvider>
        <RefreshButton />
        <LoadingCard name="kubernetes" />
        <LoadingCard name="argocd" />
      </OpsRefreshProvider>,
    );
    expect(screen.getByTestId('kubernetes')).toHaveTextContent(
      'key 0, loads 1',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Operation ended' }));
    fireEvent.click(screen.getByRole('button', { name: 'Operation ended' }));
    expect(screen.getByTestId('kubernetes')).toHaveTextContent(
      'key 2, loads 3',
    );
    expect(screen.getByTestId('argocd')).toHaveTextContent('key 2, loads 3');
  });

  it('does nothing outside the Ops tab', () => {
    render(
      <>
        <RefreshButton />
        <LoadingCard name="alone" />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Operation ended' }));
    expect(screen.getByTestId('alone')).toHaveTextContent('key 0, loads 1');
  });
});
