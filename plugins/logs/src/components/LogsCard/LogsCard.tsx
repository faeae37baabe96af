import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  KUBERNETES_ID_ANNOTATION,
  kubernetesTargetForEntity,
} from '@internal/plugin-ops-common';
import { useOpsTimeRange } from '@internal/plugin-ops-react';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import ListSubheader from '@material-ui/core/ListSubheader';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { ErrorCountLine } from './ErrorCountLine';
import {
  buildLogLinks,
  buildPodLogLink,
  LogLink,
  LogLinksInput,
  readKibanaSettings,
} from './logLinks';
import { usePodNames } from './usePodNames';

function LinkItem({ link }: { link: LogLink }) {
  return (
    <ListItem dense disableGutters>
      <ListItemText
        primary={
          <Link href={link.url} target="_blank" rel="noopener noreferrer">
            {link.title}
          </Link>
        }
        secondary={link.description}
      />
    </ListItem>
  );
}

function PodLinks({ input }: { input: LogLinksInput }) {
  const { podNames, loading, error } = usePodNames(input.entity);
  return (
    <List
      dense
      subheader={<ListSubheader disableGutters>Per pod</ListSubheader>}
    >
      {loading && <Progress />}
      {podNames.map(name => (
        <LinkItem key={name} link={buildPodLogLink(input, name)} />
      ))}
      {!loading && !error && podNames.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No pods are running now; the links above still cover the window.
        </Typography>
      )}
      {error && (
        <Typography variant="body2" color="error">
          Pods unavailable from the Kubernetes backend: {error}
        </Typography>
      )}
    </List>
  );
}

/**
 * The Logs card of the Ops tab: Kibana Discover links for the service (all pods), its errors,
 * the Kong access logs of its routes and each pod, all for the tab's time window, plus the
 * recent error count from Elasticsearch when the backend has it configured.
 * @public
 */
export function LogsCard() {
  const { entity } = useEntity();
  const configApi = useApi(configApiRef);
  const { window } = useOpsTimeRange();
  const settings = useMemo(() => readKibanaSettings(configApi), [configApi]);
  const k8s = kubernetesTargetForEntity(entity);
  const target = useMemo(
    () => k8s && { namespace: k8s.namespace, app: k8s.kubernetesId },
    [k8s?.namespace, k8s?.kubernetesId], // eslint-disable-line react-hooks/exhaustive-deps
  );

  if (!target) {
    return (
      <MissingAnnotationEmptyState annotation={KUBERNETES_ID_ANNOTATION} />
    );
  }
  if (!settings) {
    return (
      <InfoCard title="Logs">
        <EmptyState
          missing="info"
          title="Kibana is not configured"
          description="Set opsPortal.logs.kibana.baseUrl and dataViewId in the app config to get Discover links."
        />
      </InfoCard>
    );
  }
  const input: LogLinksInput = { settings, entity, target, window };
  return (
    <InfoCard
      title="Logs"
      subheader={`Kibana Discover, ${window.from.toISOString()} – ${window.to.toISOString()}`}
    >
      <Box mb={1}>
        <ErrorCountLine entity={entity} window={window} />
      </Box>
      <List dense>
        {buildLogLinks(input).map(link => (
          <LinkItem key={link.key} link={link} />
        ))}
      </List>
      <PodLinks input={input} />
    </InfoCard>
  );
}
