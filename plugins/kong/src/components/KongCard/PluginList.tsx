import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  KongPluginSummary,
  KongSettingValue,
} from '@internal/plugin-kong-common';

function show(value: KongSettingValue): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The plugins on the entity's routes with their key settings and warnings. */
export function PluginList(props: { plugins: KongPluginSummary[] }) {
  if (props.plugins.length === 0) {
    return <Typography variant="body2">No Kong plugins.</Typography>;
  }
  return (
    <>
      {props.plugins.map(plugin => (
        <Box key={`${plugin.scope}/${plugin.name}`} mb={2}>
          <Typography variant="subtitle2">
            {plugin.plugin}{' '}
            <Typography
              component="span"
              variant="caption"
              color="textSecondary"
            >
              {plugin.name} · {plugin.scope}
              {plugin.scope === 'global'
                ? ''
                : ` · on ${plugin.appliesTo.join(', ')}`}
              {plugin.enabled ? '' : ' · disabled'}
            </Typography>
          </Typography>
          <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mt={0.5}>
            {Object.entries(plugin.settings).map(([key, value]) => (
              <Chip
                key={key}
                size="small"
                variant="outlined"
                label={`${key}: ${show(value)}`}
              />
            ))}
          </Box>
          {plugin.warnings.map(warning => (
            <Box key={warning} mt={0.5}>
              <Alert severity="warning">{warning}</Alert>
            </Box>
          ))}
        </Box>
      ))}
    </>
  );
}
