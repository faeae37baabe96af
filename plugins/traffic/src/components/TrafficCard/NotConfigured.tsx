import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { OPS_ANNOTATIONS } from '@internal/plugin-ops-common';
import { TrafficNotConfigured } from '@internal/plugin-traffic-common';

/**
 * The entity's VirtualService or DestinationRule was not found (or its annotations are
 * unusable): says what the backend looked for and which annotations name the objects.
 */
export function NotConfigured(props: {
  problem: TrafficNotConfigured['notConfigured'];
  kubernetesId: string;
}) {
  const { problem, kubernetesId } = props;
  const yaml = `metadata:
  annotations:
    ${OPS_ANNOTATIONS.istioVirtualService}: ${kubernetesId}
    ${OPS_ANNOTATIONS.istioDestinationRule}: ${kubernetesId}`;
  return (
    <EmptyState
      missing="field"
      title="No Istio traffic objects for this entity"
      description={
        <>
          <Typography
            variant="body1"
            paragraph
            data-testid="traffic-not-configured"
          >
            {problem.message}
          </Typography>
          <Typography variant="body1" paragraph>
            Annotation to check: <code>{problem.annotation}</code>
          </Typography>
          <Typography variant="body1" paragraph>
            The card reads the VirtualService named by the{' '}
            <code>{OPS_ANNOTATIONS.istioVirtualService}</code> annotation and
            the DestinationRule named by{' '}
            <code>{OPS_ANNOTATIONS.istioDestinationRule}</code>, in the entity's
            namespace. Both default to the kubernetes-id (
            <code>{kubernetesId}</code>). Create the objects, or point the
            annotations at the ones that exist:
          </Typography>
        </>
      }
      action={<CodeSnippet language="yaml" text={yaml} showCopyCodeButton />}
    />
  );
}
