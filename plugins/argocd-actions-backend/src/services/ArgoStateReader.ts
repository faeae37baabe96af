import { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgoActionsState } from '@internal/plugin-argocd-actions-common';
import type {
  ArgoApplication,
  ArgoCdClient,
  ArgoRevisionMetadata,
} from '@internal/plugin-ops-node';
import { ArgoActionTarget } from './ArgoActionTargets';
import { actionsState, historyRevision } from './argoStateView';

/** How many of the newest history entries get their commit's author and message. */
export const METADATA_ENTRIES = 10;
/** Timeout of each revision metadata request, in milliseconds. */
export const METADATA_TIMEOUT_MS = 2000;
const METADATA_CACHE_SIZE = 1000;

/** Options of {@link ArgoStateReader}. */
export interface ArgoStateReaderOptions {
  /** The client with the read-only credential. */
  argoCd: ArgoCdClient;
  logger: LoggerService;
  metadataTimeoutMs?: number;
}

/**
 * Reads an entity's Application with the read-only credential and maps it to the state the
 * action bar shows. The newest {@link METADATA_ENTRIES} history entries get their commit's author
 * and message (`GET /revisions/{revision}/metadata`), asked in parallel, each with a short timeout;
 * a revision whose metadata does not come is shown without it. A commit's metadata never changes,
 * so it is kept in memory once read (failures are not).
 */
export class ArgoStateReader {
  private readonly metadata = new Map<string, ArgoRevisionMetadata>();

  constructor(private readonly options: ArgoStateReaderOptions) {}

  /** The configured name of the Argo CD instance. */
  get instance(): string {
    return this.options.argoCd.instanceName;
  }

  /** The Application; NotFoundError / NotAllowedError / UpstreamError as Argo CD answers. */
  readApplication(target: ArgoActionTarget): Promise<ArgoApplication> {
    return this.options.argoCd.requireApplication(target.application);
  }

  /** The state of the Application: `app` when the caller has just read it, else read now. */
  async state(
    target: ArgoActionTarget,
    app?: ArgoApplication,
  ): Promise<ArgoActionsState> {
    const application = app ?? (await this.readApplication(target));
    const metadata = await this.revisionMetadata(application);
    return actionsState(this.instance, application, metadata);
  }

  private async revisionMetadata(
    app: ArgoApplication,
  ): Promise<Map<string, ArgoRevisionMetadata>> {
    const name = app.metadata.name;
    const revisions = [
      ...new Set(
        (app.status?.history ?? [])
          .slice(-METADATA_ENTRIES)
          .map(historyRevision)
          .filter(Boolean),
      ),
    ];
    const found = await Promise.all(
      revisions.map(async revision => {
        const key = `${name}@${revision}`;
        const cached = this.metadata.get(key);
        if (cached) return [revision, cached] as const;
        try {
          const metadata = await this.options.argoCd.getRevisionMetadata(
            name,
            revision,
            {
              project: app.spec?.project,
              timeoutMs: this.options.metadataTimeoutMs ?? METADATA_TIMEOUT_MS,
            },
          );
          this.remember(key, metadata);
          return [revision, metadata] as const;
        } catch (error) {
          this.options.logger.debug(
            `No metadata of revision ${revision} of Application ${name}: ${
              (error as Error).message
            }`,
          );
          return undefined;
        }
      }),
    );
    return new Map(found.filter(entry => entry !== undefined));
  }

  private remember(key: string, metadata: ArgoRevisionMetadata) {
    if (this.metadata.size >= METADATA_CACHE_SIZE) {
      this.metadata.delete(this.metadata.keys().next().value!);
    }
    this.metadata.set(key, {
      author: metadata.author,
      date: metadata.date,
      message: metadata.message,
    });
  }
}
