import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  KongPluginSummary,
  KongRouteSummary,
} from '@internal/plugin-kong-common';
import { OpsTable } from '@internal/plugin-ops-react';

const useStyles = makeStyles({
  // A path, host, method list or backend reads as one token: never split over lines.
  nowrap: { whiteSpace: 'nowrap' },
});

function list(values: string[], empty: string) {
  return values.length ? values.join(', ') : empty;
}

/** The entity's Kong routes, each with the plugins that run on it. */
export function RoutesTable(props: {
  routes: KongRouteSummary[];
  plugins: KongPluginSummary[];
}) {
  const { routes, plugins } = props;
  const classes = useStyles();
  if (routes.length === 0) {
    return (
      <Typography variant="body2">
        No Kong routes lead to this service.
      </Typography>
    );
  }
  return (
    <OpsTable aria-label="Kong routes">
      <TableHead>
        <TableRow>
          <TableCell>Route</TableCell>
          <TableCell>Paths</TableCell>
          <TableCell>Hosts</TableCell>
          <TableCell>Methods</TableCell>
          <TableCell>Strip path</TableCell>
          <TableCell>Backend</TableCell>
          <TableCell>Plugins</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {routes.map(route => (
          <TableRow key={route.name}>
            <TableCell>
              <Typography variant="body2">{route.name}</Typography>
              <Typography variant="caption" color="textSecondary">
                service {route.kongService} · {route.protocols.join('/')}
                {route.preserveHost ? ' · preserve host' : ''}
              </Typography>
            </TableCell>
            <TableCell className={classes.nowrap}>
              {list(route.paths, '/')}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {list(route.hosts, 'any')}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {list(route.methods, 'any')}
            </TableCell>
            <TableCell>{route.stripPath ? 'yes' : 'no'}</TableCell>
            <TableCell className={classes.nowrap}>
              {route.backend.service}:{route.backend.port}
            </TableCell>
            <TableCell>
              {plugins
                .filter(p => p.appliesTo.includes(route.name))
                .map(p => (
                  <Chip
                    key={`${p.scope}/${p.name}`}
                    size="small"
                    label={p.plugin}
                    color={p.warnings.length ? 'secondary' : 'default'}
                    variant={p.enabled ? 'default' : 'outlined'}
                  />
                ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </OpsTable>
  );
}
