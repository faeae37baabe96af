import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';

/** Options of {@link OpsEntityCache}. @public */
export interface OpsEntityCacheOptions {
  /** How long a read entity is reused, in milliseconds; 0 shares only reads in flight. */
  ttlMs: number;
  /** The most entries kept; the oldest go first. Default 2000. */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry {
  value: Promise<Entity | undefined>;
  /** When the value stops being served; Infinity while the read is in flight. */
  expiresAt: number;
}

/**
 * The entities the ops backends read from the catalog, shared by every ops backend of the process
 * for a few seconds: the cards of one Ops tab load (metrics, Kong, logs, traffic, Argo CD) ask for
 * the same entity within milliseconds, and one catalog read answers them all. Entries are per
 * caller (the catalog's read permission decides what each caller sees, so one caller's answer is
 * never served to another); a read in flight is shared, a failed read is not kept. Process memory
 * only: an entity is cheap to read again, and a stale one must not outlive a few seconds.
 * @public
 */
export class OpsEntityCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: OpsEntityCacheOptions) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** The entity `entityRef` as `credentials` see it: a fresh entry's, or `load()`'s. */
  read(
    credentials: BackstageCredentials,
    entityRef: string,
    load: () => Promise<Entity | undefined>,
  ): Promise<Entity | undefined> {
    const key = `${callerKey(credentials)}\n${entityRef}`;
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (cached) this.entries.delete(key);
    const entry: Entry = { value: load(), expiresAt: Infinity };
    this.entries.set(key, entry);
    this.evictOldest();
    entry.value.then(
      () => {
        if (this.entries.get(key) !== entry) return;
        if (this.options.ttlMs > 0) {
          entry.expiresAt = this.now() + this.options.ttlMs;
        } else {
          this.entries.delete(key);
        }
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  private evictOldest() {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

/** Who is asking, as the catalog's permission check tells callers apart. */
function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string; actor?: { subject: string } }
    | { type: 'service'; subject: string }
    | { type: 'none' };
  switch (principal.type) {
    case 'user':
      return `user:${principal.userEntityRef}:${
        principal.actor?.subject ?? ''
      }`;
    case 'service':
      return `service:${principal.subject}`;
    default:
      return 'none';
  }
}
