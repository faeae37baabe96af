import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  ArgoService,
  createRouter,
} from '@roadiehq/backstage-plugin-argo-cd-backend';
import { classifyArgoCdRequest } from './argoCdReadRoutes';

/**
 * The `argocd` backend plugin: the Roadie Argo CD router (the API of the Argo CD cards, with the
 * read-only token of `argocd.appLocatorMethods`) behind an allow-list of its read routes. Every
 * other method and route (createArgo, updateArgo, sync, delete application/project, terminate
 * operation, and the reads the cards do not use) answers 403 without reaching Argo CD, and the
 * refusal is audited. Argo CD writes are made by the portal's own actions, which check permission
 * and use the writer credential (`opsPortal.argocd.writers`).
 */
export const argoCdReadOnlyPlugin = createBackendPlugin({
  pluginId: 'argocd',
  register(env) {
    env.registerInit({
      deps: {
        http: coreServices.httpRouter,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
      },
      async init({ http, logger, config, auditor }) {
        const argocdService = ArgoService.fromConfig({ config, logger });
        const roadie = await createRouter({ logger, config, argocdService });
        // Handlers run in the order they are added: the allow-list first, then Roadie's routes.
        http.use((req, _res, next) => {
          const decision = classifyArgoCdRequest(
            req.method,
            req.path,
            req.query,
          );
          if (decision.allowed) {
            next();
            return;
          }
          const error = new NotAllowedError(decision.reason);
          auditor
            .createEvent({
              eventId: 'argocd-route',
              severityLevel: 'medium',
              request: req,
              meta: { method: req.method, path: req.path },
            })
            .then(event => event.fail({ error }))
            .then(
              () => next(error),
              auditError => next(auditError),
            );
        });
        http.use(roadie);
      },
    });
  },
});
