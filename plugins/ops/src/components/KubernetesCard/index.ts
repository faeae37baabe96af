export { KubernetesCard } from './KubernetesCard';
