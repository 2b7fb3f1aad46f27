// Writing the query log: one entry per disclosure, written before the answer leaves; refused attempts are
// logged too. If the entry cannot be written the caller gets LogUnavailableError and must disclose nothing.
// A call records its entries and the route runner awaits `written(mark)` before any answer leaves: a failed
// write fails every call that recorded into it, so no entry, no answer. With group commit (the API server),
// entries recorded during one event-loop turn are written in one transaction at the end of the turn. Writes
// go to the store one after another, in the order they were recorded (the store keeps each one atomic with
// its head and hash chain). A batch keeps taking entries until its write starts: while one batch is being
// written, every entry recorded meanwhile joins the next (on PostgreSQL each request's records arrive in an
// event-loop turn of their own, so batches closed at the end of the turn would hold one entry each, and the
// writes, one round of a transaction each, would bound the API).
import type { Channel } from '@consulta/shared';
import type { LogHead, OperationalStore, QueryLogEntry } from '../store/types.ts';
import type { Checkpointer } from './checkpoints.ts';

export class LogUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the query log cannot be written', { cause });
  }
}

export interface LogFields {
  channel: Channel;
  clientId: string | null;
  role: string;
  actor: string;
  subject: string;
  resource: string;
  outcome: string;
}

interface Batch {
  id: number;
  entries: QueryLogEntry[];
  /** Resolves once the batch is written or has failed (then it is in `failed`). */
  done: Promise<void>;
}

/** How many failed batch ids are remembered (a call waits one turn at most, so a few suffice). */
const FAILED_MEMORY = 1024;

export class QueryLog {
  readonly #ops: OperationalStore;
  readonly #now: () => Date;
  readonly #groupCommit: boolean;
  readonly #checkpoints: Checkpointer | null;
  /** The batch still taking entries (group commit): until its write starts. */
  #batch: Batch | null = null;
  /** The newest batch, taking entries, being written or written. */
  #last: Batch | null = null;
  #opened = 0;
  /** The writes, one after another in the order the batches were opened: the chain's order is the record's. */
  #writing: Promise<void> = Promise.resolve();
  readonly #failed: { id: number; cause: unknown }[] = [];

  constructor(
    ops: OperationalStore,
    now: () => Date,
    options: { groupCommit?: boolean; checkpoints?: Checkpointer } = {},
  ) {
    this.#ops = ops;
    this.#now = now;
    this.#groupCommit = options.groupCommit ?? false;
    this.#checkpoints = options.checkpoints ?? null;
  }

  /** A mark to take before a call's handler runs; pass it to `written`. */
  mark(): number {
    return this.#batch ? this.#batch.id : this.#opened + 1;
  }

  /**
   * Resolves once every entry recorded since `mark` is written; rejects with LogUnavailableError when any of
   * them could not be. Batches are written in order, so the newest one being written means all earlier are.
   */
  async written(mark: number): Promise<void> {
    const last = this.#last;
    if (last && last.id >= mark) await last.done;
    const failed = this.#failed.find((f) => f.id >= mark);
    if (failed) throw new LogUnavailableError(failed.cause);
  }

  #open(entries: QueryLogEntry[]): { batch: Batch; finish: () => void } {
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolveDone) => (finish = resolveDone));
    const batch: Batch = { id: ++this.#opened, entries, done };
    this.#last = batch;
    return { batch, finish };
  }

  #write(batch: Batch, finish: () => void): void {
    this.#writing = this.#writing.then(async () => {
      // From here on the batch is closed: entries recorded from now on go to the next one.
      if (this.#batch === batch) this.#batch = null;
      try {
        let head: LogHead;
        if (this.#groupCommit) {
          head = await this.#ops.appendQueryLogBatch(batch.entries);
        } else {
          const stored = await this.#ops.appendQueryLog(batch.entries[0] as QueryLogEntry);
          head = { size: stored.id, hash: stored.hash };
        }
        // Committed: a checkpoint (signed per N entries, never per entry) cannot fail the batch any more.
        this.#checkpoints?.afterAppend(head);
      } catch (err) {
        this.#failed.push({ id: batch.id, cause: err ?? new Error('unknown') });
        if (this.#failed.length > FAILED_MEMORY) this.#failed.shift();
      }
      finish();
    });
  }

  /**
   * Appends one entry: with group commit, to the batch written at the end of this event-loop turn; without, at
   * once. It never throws: `written` reports a failure (LogUnavailableError), and nothing may be disclosed then.
   */
  record(fields: LogFields): void {
    const entry: QueryLogEntry = {
      at: this.#now().toISOString(),
      channel: fields.channel,
      clientId: fields.clientId ?? 'web',
      role: fields.role,
      actor: fields.actor,
      subject: fields.subject,
      resource: fields.resource,
      outcome: fields.outcome,
    };
    if (!this.#groupCommit) {
      const { batch, finish } = this.#open([entry]);
      this.#write(batch, finish);
      return;
    }
    if (this.#batch) {
      this.#batch.entries.push(entry);
      return;
    }
    const { batch, finish } = this.#open([entry]);
    this.#batch = batch;
    setImmediate(() => this.#write(batch, finish));
  }

  /** Records one entry and waits until it is written (for callers outside a route, such as commands). */
  async append(fields: LogFields): Promise<void> {
    const mark = this.mark();
    this.record(fields);
    await this.written(mark);
  }
}
