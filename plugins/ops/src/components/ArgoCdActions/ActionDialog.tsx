import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { RequestErrorAlert } from '@internal/plugin-ops-react';

/** Props of {@link ActionDialog}. */
export interface ActionDialogProps {
  /** The id of the title, which names the dialog. */
  titleId: string;
  title: ReactNode;
  /** Medium width, full width on small screens: for a dialog that shows tables or diffs. */
  wide?: boolean;
  onClose: () => void;
  /** The label of the button that closes the dialog without acting. */
  closeLabel?: string;
  /** The buttons after the close button: the preview, the confirmation. */
  actions: ReactNode;
  /** Why the last request failed, shown below the content (`errorTestId` is its test id). */
  requestError: string | undefined;
  errorTestId: string;
  children: ReactNode;
}

/**
 * The frame of an Argo CD action dialog: the title, the content, why the last request failed,
 * and the footer with the close button first.
 */
export function ActionDialog(props: ActionDialogProps) {
  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth={props.wide ? 'md' : undefined}
      fullWidth={props.wide}
      aria-labelledby={props.titleId}
    >
      <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      <DialogContent dividers>
        {props.children}
        <RequestErrorAlert
          message={props.requestError}
          testId={props.errorTestId}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{props.closeLabel ?? 'Close'}</Button>
        {props.actions}
      </DialogActions>
    </Dialog>
  );
}
