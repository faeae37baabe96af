export { GoldenSignalsCard } from './GoldenSignalsCard';
