import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ArgoResourceResult } from '@internal/plugin-argocd-actions-common';
import { OpsTable } from '@internal/plugin-ops-react';
import { failedFirst, isFailedResource } from './describe';

/** Props of {@link ResourceResultsTable}. */
export interface ResourceResultsTableProps {
  resources: ArgoResourceResult[];
  /** The table's accessible name and test id. */
  label: string;
  testId: string;
  /** Shown instead of an empty table. */
  emptyText: string;
}

/**
 * What an operation did (or, in a dry run, would do) per resource: kind, namespace, name, status
 * and Argo CD's message, failed resources first and marked in red. An `OpsTable`: in the narrow
 * column of the Argo CD card no kind or name is broken mid-word; the table scrolls sideways.
 */
export function ResourceResultsTable(props: ResourceResultsTableProps) {
  const { resources, label, testId, emptyText } = props;
  if (resources.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" data-testid={testId}>
        {emptyText}
      </Typography>
    );
  }
  return (
    <OpsTable aria-label={label} data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell>Namespace</TableCell>
          <TableCell>Name</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {failedFirst(resources).map(resource => {
          const failed = isFailedResource(resource);
          const color = failed ? 'error' : 'inherit';
          return (
            <TableRow
              key={`${resource.group}/${resource.kind}/${resource.namespace}/${resource.name}/${resource.hookPhase}`}
              data-testid="argocd-resource-row"
              data-status={resource.status}
              data-failed={failed}
            >
              <TableCell>{resource.kind}</TableCell>
              <TableCell>{resource.namespace}</TableCell>
              <TableCell>{resource.name}</TableCell>
              <TableCell>
                <Typography variant="body2" color={color}>
                  {resource.status}
                </Typography>
              </TableCell>
              <TableCell>
                <Typography variant="body2" color={color}>
                  {resource.message}
                </Typography>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </OpsTable>
  );
}
