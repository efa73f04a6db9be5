/**
 * Runs async tasks with at most `limit` in flight. `submit` waits while the
 * pool is full, which is what gives a streaming reader its backpressure: the
 * file is never read faster than the table accepts writes.
 */
export class BoundedPool {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  async submit(task: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    const promise: Promise<void> = task().finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  /** Waits for everything submitted. Tasks must handle their own errors. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }
}
