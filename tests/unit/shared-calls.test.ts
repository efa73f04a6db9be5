/**
 * The batching rule of storage/shared-calls.ts, with calls that only record
 * what they were asked: one batch out at a time, every request that arrives
 * meanwhile in the next one, sent only after the last has settled.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sharedCalls, sharedReads } from '../../storage/shared-calls.js';

/** A call that waits until the test lets it answer. */
function heldCalls() {
  const log: string[] = [];
  const releases: (() => void)[] = [];
  const loader = sharedCalls<string, string>(async (keys) => {
    log.push(`sent ${keys.join(',')}`);
    await new Promise<void>((resolve) => releases.push(resolve));
    log.push(`answered ${keys.join(',')}`);
    return keys.map((k) => `value of ${k}`);
  });
  return { log, loader, release: () => (releases.shift() as () => void)() };
}

describe('shared calls', () => {
  it('sends the requests of one turn as one batch', async () => {
    const { log, loader, release } = heldCalls();
    const answers = Promise.all(['a', 'b', 'a'].map((k) => loader.load(k)));
    await nextTurn();
    release();

    expect(await answers).toEqual(['value of a', 'value of b', 'value of a']);
    expect(log).toEqual(['sent a,b,a', 'answered a,b,a']);
  });

  it('holds requests that arrive during a call for one next batch, sent after it settles', async () => {
    const { log, loader, release } = heldCalls();
    const first = loader.load('a');
    await nextTurn();
    const later = [loader.load('b'), loader.load('c')];
    await nextTurn();
    const late = loader.load('d');
    await nextTurn();

    expect(log).toEqual(['sent a']);
    release();
    expect(await first).toBe('value of a');
    await nextTurn();
    expect(log).toEqual(['sent a', 'answered a', 'sent b,c,d']);
    release();
    expect(await Promise.all([...later, late])).toEqual([
      'value of b',
      'value of c',
      'value of d',
    ]);
  });

  it('sends the next batch after a failed one too', async () => {
    let calls = 0;
    const loader = sharedCalls<string, string>(async (keys) => {
      calls += 1;
      if (calls === 1) throw new Error('emulator down');
      return keys.map((k) => `value of ${k}`);
    });
    const first = loader.load('a');
    await nextTurn();
    const second = loader.load('b');

    await expect(first).rejects.toThrow('emulator down');
    expect(await second).toBe('value of b');
    expect(calls).toBe(2);
  });
});

describe('shared reads', () => {
  it('reads each key of a batch once and fails only the requests of a failed key', async () => {
    const reads: string[] = [];
    const loader = sharedReads(async (key) => {
      reads.push(key);
      if (key === 'gone') throw new Error('class gone not found');
      return { key };
    });
    const [a1, gone, a2, b] = await Promise.allSettled([
      loader.load('a'),
      loader.load('gone'),
      loader.load('a'),
      loader.load('b'),
    ]);

    expect(reads).toEqual(['a', 'gone', 'b']);
    expect(a1).toEqual({ status: 'fulfilled', value: { key: 'a' } });
    // One read, one answer: both requests hold the same object.
    expect((a1 as PromiseFulfilledResult<unknown>).value).toBe(
      (a2 as PromiseFulfilledResult<unknown>).value,
    );
    expect(b).toEqual({ status: 'fulfilled', value: { key: 'b' } });
    expect(gone.status).toBe('rejected');
    expect((gone as PromiseRejectedResult).reason).toEqual(
      new Error('class gone not found'),
    );
  });
});
