// Writing the query log: one entry per disclosure, written before the answer leaves; refused attempts are
// logged too. If the entry cannot be written the caller gets LogUnavailableError and must disclose nothing.
// With group commit (the API server), entries recorded during one event-loop turn are written in one
// transaction at the end of the turn, and the route runner awaits `written(mark)` before any answer leaves:
// a failed batch fails every call that recorded into it, so still no entry, no answer.
import type { Channel } from '@consulta/shared';
import type { OperationalStore, QueryLogEntry } from '../store/types.ts';
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
  done: Promise<void>;
}

/** How many failed batch ids are remembered (a call waits one turn at most, so a few suffice). */
const FAILED_MEMORY = 1024;

export class QueryLog {
  readonly #ops: OperationalStore;
  readonly #now: () => Date;
  readonly #groupCommit: boolean;
  readonly #checkpoints: Checkpointer | null;
  #batch: Batch | null = null;
  #opened = 0;
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
   * them could not be (without group commit, `record` already threw, so this resolves at once).
   */
  async written(mark: number): Promise<void> {
    if (!this.#groupCommit) return;
    if (this.#batch) await this.#batch.done;
    const failed = this.#failed.find((f) => f.id >= mark);
    if (failed) throw new LogUnavailableError(failed.cause);
  }

  #flush(batch: Batch): void {
    this.#batch = null;
    const head = this.#ops.appendQueryLogBatch(batch.entries);
    // Committed: a checkpoint (signed per N entries, never per entry) cannot fail the batch any more.
    this.#checkpoints?.afterAppend(head);
  }

  #open(): Batch {
    const id = ++this.#opened;
    let settle: (error: unknown) => void = () => undefined;
    const done = new Promise<void>((resolveDone, rejectDone) => {
      settle = (error) => (error === undefined ? resolveDone() : rejectDone(new LogUnavailableError(error)));
    });
    // The failure is reported through `written`; this keeps an unobserved rejection from crashing the process.
    done.catch(() => undefined);
    const batch: Batch = { id, entries: [], done };
    setImmediate(() => {
      try {
        this.#flush(batch);
        settle(undefined);
      } catch (err) {
        this.#failed.push({ id, cause: err });
        if (this.#failed.length > FAILED_MEMORY) this.#failed.shift();
        settle(err ?? new Error('unknown'));
      }
    });
    return batch;
  }

  /** Appends one entry; throws LogUnavailableError when the store refuses. */
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
    if (this.#groupCommit) {
      (this.#batch ??= this.#open()).entries.push(entry);
      return;
    }
    let stored;
    try {
      stored = this.#ops.appendQueryLog(entry);
    } catch (err) {
      throw new LogUnavailableError(err);
    }
    this.#checkpoints?.afterAppend({ size: stored.id, hash: stored.hash });
  }
}
