export { KongCard } from './KongCard';
