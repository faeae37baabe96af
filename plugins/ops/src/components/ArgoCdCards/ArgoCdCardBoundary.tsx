import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { ErrorBoundary } from '@backstage/core-components';
import { compatWrapper } from '@backstage/core-compat-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  isArgoCdAvailable,
} from '@internal/plugin-ops-common';

const useStyles = makeStyles({
  // Roadie's tables page by five and pad a short page with empty rows (material-table's
  // `emptyRowsWhenPaging`, not configurable from outside): an application with one entry would
  // otherwise show four blank rows.
  dense: {
    '& tbody tr:empty': { display: 'none' },
  },
});

/**
 * Shows a Roadie Argo CD card only for entities that name an Argo CD Application, inside an
 * error boundary and the compatibility layer the Roadie components (legacy extensions) need,
 * without the blank rows Roadie's tables add to a short page.
 */
export function ArgoCdCardBoundary(props: { children: ReactNode }) {
  const { entity } = useEntity();
  const classes = useStyles();
  if (!isArgoCdAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={ARGOCD_APP_NAME_ANNOTATION} />
    );
  }
  return compatWrapper(
    <div className={classes.dense} data-testid="argocd-card">
      <ErrorBoundary>{props.children}</ErrorBoundary>
    </div>,
  );
}
