/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently, and a
 * failed task does not stop the next one. Serializes the mutations of one thing within one
 * process (the traffic editor's saves per entity, the Argo CD actions per Application); across
 * replicas the upstream's own checks decide (a push's compare-and-swap, Argo CD's "operation in
 * progress"). @public
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
