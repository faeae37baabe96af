import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  isKubernetesAvailable,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-ops-common';
import { kongApiRef } from '../../api';
import { PluginList } from './PluginList';
import { RoutesTable } from './RoutesTable';
import { UpstreamList } from './UpstreamList';

const SOURCE = {
  kubernetes: 'Kong Ingress Controller resources in the cluster',
  'admin-api': 'Kong Admin API',
};

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="h6">{props.title}</Typography>
      {props.children}
    </Box>
  );
}

/**
 * The entity's Kong routes (paths, hosts, methods, strip-path), the plugins on them with their
 * key settings and warnings (e.g. prometheus metric flags that are off), and the upstream
 * targets' health.
 *
 * @public
 */
export function KongCard() {
  const { entity } = useEntity();
  const kongApi = useApi(kongApiRef);
  const available = isKubernetesAvailable(entity);
  const { value, loading, error } = useAsync(
    async () =>
      available ? kongApi.getRoutes(stringifyEntityRef(entity)) : undefined,
    [kongApi, entity, available],
  );

  if (!available) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  if (loading) {
    return (
      <InfoCard title="Kong">
        <Progress />
      </InfoCard>
    );
  }
  if (error) {
    return (
      <ResponseErrorPanel
        title="Kong routes could not be loaded"
        error={error}
      />
    );
  }
  if (!value) return null;
  if ('missingAnnotation' in value) {
    return <MissingAnnotationEmptyState annotation={value.missingAnnotation} />;
  }
  return (
    <InfoCard title="Kong" subheader={`From the ${SOURCE[value.source]}`}>
      {value.warnings.map(warning => (
        <Box key={warning} mb={1}>
          <Alert severity="warning">{warning}</Alert>
        </Box>
      ))}
      <RoutesTable routes={value.routes} plugins={value.plugins} />
      <Section title="Plugins">
        <PluginList plugins={value.plugins} />
      </Section>
      <Section title="Upstream targets">
        <UpstreamList upstreams={value.upstreams} />
      </Section>
    </InfoCard>
  );
}
