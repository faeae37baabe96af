import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { OpsRefreshProvider, useOpsRefresh } from './OpsRefreshContext';
import { useOpsPolledState } from './useOpsPolledState';

interface Phase {
  phase: 'Running' | 'Succeeded';
}

const running = (value: Phase | undefined) => value?.phase === 'Running';

function wrapper(props: { children: ReactNode }) {
  return <OpsRefreshProvider>{props.children}</OpsRefreshProvider>;
}

describe('useOpsPolledState', () => {
  it('loads, then re-reads while the state moves and stops when it no longer does', async () => {
    const read = jest
      .fn<Promise<Phase>, []>()
      .mockResolvedValueOnce({ phase: 'Running' })
      .mockResolvedValueOnce({ phase: 'Running' })
      .mockResolvedValue({ phase: 'Succeeded' });
    const onReread = jest.fn();

    const { result } = renderHook(() =>
      useOpsPolledState({
        read,
        pollWhile: running,
        pollIntervalMs: 5,
        onReread,
      }),
    );

    expect(result.current.loading).toBe(true);
    await waitFor(() =>
      expect(result.current.value).toEqual({ phase: 'Succeeded' }),
    );
    expect(result.current.polling).toBe(false);
    expect(read).toHaveBeenCalledTimes(3);
    expect(onReread).toHaveBeenLastCalledWith(
      { phase: 'Succeeded' },
      { phase: 'Running' },
    );
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('keeps the value when a re-read fails, and polling goes on', async () => {
    let answer: (value: Phase) => void = () => {};
    const read = jest
      .fn<Promise<Phase>, []>()
      .mockResolvedValueOnce({ phase: 'Running' })
      .mockRejectedValueOnce(new Error('503'))
      .mockImplementation(() => new Promise(resolve => (answer = resolve)));

    const { result } = renderHook(() =>
      useOpsPolledState({ read, pollWhile: running, pollIntervalMs: 5 }),
    );

    await waitFor(() => expect(result.current.pollError?.message).toBe('503'));
    expect(result.current.value).toEqual({ phase: 'Running' });
    await waitFor(() => expect(read).toHaveBeenCalledTimes(3));
    act(() => answer({ phase: 'Succeeded' }));
    await waitFor(() =>
      expect(result.current.value).toEqual({ phase: 'Succeeded' }),
    );
    expect(result.current.pollError).toBeUndefined();
  });

  it('says why the first read failed', async () => {
    const read = jest.fn(() => Promise.reject(new Error('404')));

    const { result } = renderHook(() =>
      useOpsPolledState({ read, pollWhile: running, pollIntervalMs: 5 }),
    );

    await waitFor(() => expect(result.current.error?.message).toBe('404'));
    expect(result.current.loading).toBe(false);
    expect(result.current.value).toBeUndefined();
  });

  it('re-reads in place on an Ops tab refresh, not on mount', async () => {
    const read = jest
      .fn<Promise<Phase>, []>()
      .mockResolvedValueOnce({ phase: 'Succeeded' })
      .mockResolvedValue({ phase: 'Running' });
    const onReread = jest.fn();

    const { result } = renderHook(
      () => ({
        state: useOpsPolledState({
          read,
          pollWhile: () => false,
          pollIntervalMs: 5,
          onReread,
        }),
        refresh: useOpsRefresh(),
      }),
      { wrapper },
    );

    await waitFor(() => expect(result.current.state.loading).toBe(false));
    expect(read).toHaveBeenCalledTimes(1);
    act(() => result.current.refresh.requestRefresh());
    await waitFor(() =>
      expect(result.current.state.value).toEqual({ phase: 'Running' }),
    );
    expect(result.current.state.loading).toBe(false);
    expect(onReread).toHaveBeenCalledWith(
      { phase: 'Running' },
      { phase: 'Succeeded' },
    );
  });

  it('shows a state given by the card and polls from it', async () => {
    const read = jest
      .fn<Promise<Phase>, []>()
      .mockResolvedValueOnce({ phase: 'Succeeded' })
      .mockResolvedValue({ phase: 'Succeeded' });

    const { result } = renderHook(() =>
      useOpsPolledState({ read, pollWhile: running, pollIntervalMs: 5 }),
    );
    await waitFor(() => expect(result.current.loading).toBe(false));

    act(() => result.current.show({ phase: 'Running' }));
    expect(result.current.value).toEqual({ phase: 'Running' });
    expect(result.current.polling).toBe(true);
    await waitFor(() => expect(result.current.polling).toBe(false));
    expect(read).toHaveBeenCalledTimes(2);
  });
});
