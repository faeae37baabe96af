import { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/** Props of {@link ActionButton}. */
export interface ActionButtonProps {
  testId: string;
  /** Why the button is disabled, shown as its tooltip; undefined when it is enabled. */
  disabledReason?: string;
  /** Disabled without a reason to show (permissions still loading, a request in flight). */
  busy?: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** One button of the action bar; a disabled one says why in its tooltip. */
export function ActionButton(props: ActionButtonProps) {
  const { testId, disabledReason, busy, onClick, children } = props;
  return (
    <Tooltip title={disabledReason ?? ''}>
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span data-testid={`${testId}-wrapper`}>
        <Button
          variant="outlined"
          color="primary"
          data-testid={testId}
          disabled={Boolean(disabledReason) || busy}
          onClick={onClick}
        >
          {children}
        </Button>
      </span>
    </Tooltip>
  );
}
