/**
 * Writes a run's evidence in batches, several at once, without ever letting
 * two versions of one record race: each evidence id always goes to the same
 * lane (by a hash of the id), and a lane sends its batches one after another.
 * The reader waits while a full lane is still sending, which bounds memory to
 * lanes x batch size whatever the file size.
 */
import type { Evidence } from '../model.js';
import type { EvidenceStore, EvidenceWriteOutcome } from '../ports.js';

/** Lanes writing at once; each holds at most one batch in flight. */
export const WRITE_LANES = 8;
/** Evidence per batch: one BatchGetItem (100 keys) and four BatchWriteItems. */
export const WRITE_BATCH_SIZE = 100;

export type OutcomeListener = (evidence: Evidence, outcome: EvidenceWriteOutcome) => void;

interface Lane {
  buffer: Evidence[];
  sending: Promise<void>;
}

/** FNV-1a: cheap and stable; only the spread across lanes matters. */
function laneOf(id: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % lanes;
}

export class EvidenceWriter {
  private readonly lanes: Lane[];

  constructor(
    private readonly store: EvidenceStore,
    private readonly onOutcome: OutcomeListener,
    private readonly batchSize = WRITE_BATCH_SIZE,
    laneCount = WRITE_LANES,
    /** Told why a whole batch failed (its records are reported unwritten). */
    private readonly onFailure?: (error: unknown) => void,
  ) {
    this.lanes = Array.from({ length: laneCount }, () => ({
      buffer: [],
      sending: Promise.resolve(),
    }));
  }

  async add(evidence: Evidence): Promise<void> {
    const lane = this.lanes[laneOf(evidence.evidenceId, this.lanes.length)] as Lane;
    lane.buffer.push(evidence);
    if (lane.buffer.length >= this.batchSize) await this.send(lane);
  }

  /** Sends what is buffered and waits for every lane. */
  async flush(): Promise<void> {
    for (const lane of this.lanes) if (lane.buffer.length > 0) await this.send(lane);
    await Promise.all(this.lanes.map((lane) => lane.sending));
  }

  private async send(lane: Lane): Promise<void> {
    await lane.sending;
    const batch = lane.buffer;
    lane.buffer = [];
    lane.sending = this.store.putEvidenceBatch(batch).then(
      (outcomes) =>
        batch.forEach((e, i) => this.onOutcome(e, outcomes[i] ?? 'unwritten')),
      (error: unknown) => {
        this.onFailure?.(error);
        batch.forEach((e) => this.onOutcome(e, 'unwritten'));
      },
    );
  }
}
