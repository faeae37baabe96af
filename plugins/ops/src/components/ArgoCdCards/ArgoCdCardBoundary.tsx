import { ReactNode } from 'react';
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

/**
 * Shows a Roadie Argo CD card only for entities that name an Argo CD Application, inside an
 * error boundary and the compatibility layer the Roadie components (legacy extensions) need.
 */
export function ArgoCdCardBoundary(props: { children: ReactNode }) {
  const { entity } = useEntity();
  if (!isArgoCdAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={ARGOCD_APP_NAME_ANNOTATION} />
    );
  }
  return compatWrapper(<ErrorBoundary>{props.children}</ErrorBoundary>);
}
