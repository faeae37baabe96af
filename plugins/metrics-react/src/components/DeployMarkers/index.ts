export { useDeployMarkers } from './useDeployMarkers';
export { DeployMarkerList, MARKER_COLOURS } from './DeployMarkerList';
