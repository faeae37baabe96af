import { useState } from 'react';
import { ArgoActionConflictError } from '../../api';
import { requestErrorText } from './describe';

/**
 * The request of an Argo CD action dialog: which request runs (`busy`, its kind), and why the last
 * one failed (`requestError`, the backend's message with what its status means). A conflict is not
 * an error of the dialog: it goes to `onConflict` (the card shows the current state).
 */
export function useActionRequest<K extends string = 'request'>(
  onConflict: (error: ArgoActionConflictError) => void,
) {
  const [busy, setBusy] = useState<K>();
  const [requestError, setRequestError] = useState<string>();

  /** Runs `request` as `kind`; the dialog is busy until it ends. */
  async function send(kind: K, request: () => Promise<void>): Promise<void> {
    setBusy(kind);
    setRequestError(undefined);
    try {
      await request();
    } catch (error) {
      if (error instanceof ArgoActionConflictError) {
        onConflict(error);
        return;
      }
      setRequestError(requestErrorText(error as Error));
    } finally {
      setBusy(undefined);
    }
  }

  return { busy, requestError, send };
}
