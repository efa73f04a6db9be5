/**
 * DynamoDB calls that the concurrent requests of one warm process share.
 *
 * A report request costs a few calls whose fixed price (signing, the SDK's
 * middleware, an HTTP round trip) dwarfs their payload. When several requests
 * run in one process at once (the local stack's gateway runs every handler in
 * its own process; Lambda Managed Instances run several invocations per
 * environment), those calls can be shared: a batch goes out only when the one
 * before it has come back, and every request that arrived meanwhile joins it.
 * Under load that is about one call per round trip instead of one per
 * request; with one request at a time (a standard Lambda) every batch holds
 * one request and goes out at the next turn of the event loop.
 *
 * Nothing is cached: a batch is sent after each of its requests arrived, so
 * what it reads is at least as new as the request. A teacher un-enrolled
 * before a request is refused by it, as without sharing.
 *
 * Known cost: a call that never answers holds every later batch of its
 * loader. The DynamoDB client keeps the SDK's default of no request timeout,
 * so a dead connection stalls that process's reports until the function
 * times out. On a standard Lambda too: a refused request answers while its
 * report read is still out, and the next invocation of that environment
 * waits behind it (it settles on thaw unless the connection died).
 */
import DataLoader from 'dataloader';

/**
 * A loader whose batches go out one after another: the next when the last
 * has settled, or at the next turn of the event loop when none is out.
 */
export function sharedCalls<K, V>(
  call: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
): DataLoader<K, V> {
  let inFlight: Promise<unknown> | undefined;
  return new DataLoader<K, V>(
    async (keys) => {
      const sent = call(keys);
      inFlight = sent;
      try {
        return await sent;
      } finally {
        if (inFlight === sent) inFlight = undefined;
      }
    },
    {
      // Caching would answer a later request with an older read.
      cache: false,
      batchScheduleFn: (dispatch) => {
        if (inFlight) inFlight.then(dispatch, dispatch);
        else setImmediate(dispatch);
      },
    },
  );
}

/**
 * A shared read by key: requests of one batch asking for the same key get
 * the same answer (one call), different keys are read side by side, and a
 * failed read fails only the requests that asked for its key.
 */
export function sharedReads<V>(read: (key: string) => Promise<V>): DataLoader<string, V> {
  return sharedCalls<string, V>(async (keys) => {
    const byKey = new Map<string, Promise<V | Error>>();
    for (const key of keys) {
      if (!byKey.has(key)) {
        byKey.set(
          key,
          read(key).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        );
      }
    }
    return Promise.all(keys.map((key) => byKey.get(key) as Promise<V | Error>));
  });
}
