import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';

/**
 * Why a dialog's request failed, as an error alert below its content; nothing without a message.
 * `testId` is the alert's `data-testid`.
 */
export function RequestErrorAlert(props: {
  message: string | undefined;
  testId: string;
}) {
  if (!props.message) return null;
  return (
    <Box mt={2}>
      <Alert severity="error" data-testid={props.testId}>
        {props.message}
      </Alert>
    </Box>
  );
}
