import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Skeleton from '@material-ui/lab/Skeleton';

/**
 * The placeholder of an Ops card while its code loads: a card with a title line and a body, so
 * the tab shows its layout at once and does not jump when the cards arrive.
 */
export function OpsCardSkeleton() {
  return (
    <Card aria-busy="true" data-testid="ops-card-skeleton">
      <CardContent>
        <Skeleton variant="text" width="40%" height={32} />
        <Skeleton variant="text" width="60%" />
        <Skeleton variant="rect" height={120} />
      </CardContent>
    </Card>
  );
}
