export { routesModule } from './rootRedirect';
