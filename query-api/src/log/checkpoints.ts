// Signed checkpoints of the query log, written while the API runs: one at start, one at least every N entries and
// every M seconds while the log grows, one at close. Each goes into the operational store and, as a JSON line,
// into an append-only witness file in CHECKPOINT_DIR (outside the database, for operators to ship off the
// machine), so that removing the newest entries is found against the last checkpoint. Store-independent: it
// needs only the head and somewhere to keep the note.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogHead, OperationalStore, StoredCheckpoint } from '../store/types.ts';
import { signCheckpoint, type LogSigningKey } from './signing.ts';

/** The witness file's name in CHECKPOINT_DIR. */
export const WITNESS_FILE = 'query-log.checkpoints';

export function witnessPath(checkpointDir: string): string {
  return join(checkpointDir, WITNESS_FILE);
}

/** The log's origin line: names this log (a random id kept in the store), so that checkpoints of one log never
 * pass for another's. */
export async function logOrigin(ops: Pick<OperationalStore, 'secret'>): Promise<string> {
  return `consulta/query-log/${(await ops.secret('query-log-id')).subarray(0, 8).toString('hex')}`;
}

/** Appends one note to the witness file (folder 0700, file 0600, opened for appending only). */
export function appendWitness(checkpointDir: string, note: string): void {
  if (!existsSync(checkpointDir)) mkdirSync(checkpointDir, { recursive: true, mode: 0o700 });
  appendFileSync(witnessPath(checkpointDir), `${JSON.stringify({ note })}\n`, { mode: 0o600, flag: 'a' });
}

export interface WitnessRead {
  exists: boolean;
  notes: string[];
  /** Line numbers that are not a JSON line with a note (damaged or edited). */
  malformed: number[];
}

/** Reads a witness file (the local one, or a copy shipped elsewhere). */
export function readWitness(path: string): WitnessRead {
  if (!existsSync(path)) return { exists: false, notes: [], malformed: [] };
  const notes: string[] = [];
  const malformed: number[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const note = (JSON.parse(line) as { note?: unknown }).note;
        if (typeof note === 'string') notes.push(note);
        else malformed.push(i + 1);
      } catch {
        malformed.push(i + 1);
      }
    });
  return { exists: true, notes, malformed };
}

export interface CheckpointPolicy {
  /** Sign once this many entries were added since the last checkpoint. */
  everyEntries: number;
  /** And at least this often while entries are added. */
  everySeconds: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyEntries: 1000, everySeconds: 10 };

export interface CheckpointerOptions {
  store: Pick<OperationalStore, 'queryLogHead' | 'addLogCheckpoint'>;
  key: LogSigningKey;
  origin: string;
  checkpointDir: string;
  policy?: CheckpointPolicy;
  now?: () => Date;
  /** An operator log line when a checkpoint cannot be kept (the entries themselves are already written). */
  onError?: (message: string) => void;
}

/**
 * Signs checkpoints per the policy. One signature per checkpoint, never per entry. Its steps (read the head,
 * sign, keep the note) run one after another, so the notes are kept in the order of the heads they sign.
 */
export class Checkpointer {
  readonly #o: Required<Omit<CheckpointerOptions, 'policy'>> & { policy: CheckpointPolicy };
  #lastSize = -1;
  #timer: NodeJS.Timeout | null = null;
  #steps: Promise<unknown> = Promise.resolve();

  constructor(options: CheckpointerOptions) {
    this.#o = {
      policy: DEFAULT_CHECKPOINT_POLICY,
      now: () => new Date(),
      onError: (message) => console.error(message),
      ...options,
    };
  }

  #step<T>(step: () => Promise<T>): Promise<T> {
    const result = this.#steps.then(step);
    this.#steps = result.catch(() => undefined);
    return result;
  }

  /** Signs the current head and then keeps signing per the policy until `stop`. */
  async start(): Promise<void> {
    await this.checkpoint(true);
    this.#timer = setInterval(() => void this.checkpoint(), this.#o.policy.everySeconds * 1000);
    this.#timer.unref();
  }

  /** Called after each committed write with the new head: signs when N entries have been added. */
  afterAppend(head: LogHead): void {
    this.#step(async () => {
      if (this.#lastSize < 0 || head.size - this.#lastSize >= this.#o.policy.everyEntries)
        await this.#sign(head);
    }).catch((err: unknown) =>
      this.#o.onError(`query log checkpoint at ${head.size} entries: ${(err as Error).message}`),
    );
  }

  /** Signs the current head if it moved since the last checkpoint (or always, with `force`). */
  checkpoint(force = false): Promise<StoredCheckpoint | null> {
    return this.#step(async () => {
      let head: LogHead;
      try {
        head = await this.#o.store.queryLogHead();
      } catch (err) {
        this.#o.onError(`query log checkpoint: cannot read the log's head: ${(err as Error).message}`);
        return null;
      }
      return force || head.size !== this.#lastSize ? this.#sign(head) : null;
    });
  }

  /** Resolves once every step asked for so far (a checkpoint after an append, a timed one) is done. */
  async idle(): Promise<void> {
    await this.#steps;
  }

  /** Stops the timer and signs the final head. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.checkpoint();
  }

  async #sign(head: LogHead): Promise<StoredCheckpoint> {
    const note = signCheckpoint(this.#o.key, {
      origin: this.#o.origin,
      size: head.size,
      hash: head.hash,
      time: this.#o.now().toISOString(),
    });
    const checkpoint = { size: head.size, note };
    // The witness first: it is the copy an attacker holding the database cannot reach.
    try {
      appendWitness(this.#o.checkpointDir, note);
    } catch (err) {
      this.#o.onError(
        `query log checkpoint at ${head.size} entries: the witness file in ${this.#o.checkpointDir} cannot be written: ${(err as Error).message}`,
      );
    }
    try {
      await this.#o.store.addLogCheckpoint(checkpoint);
    } catch (err) {
      this.#o.onError(
        `query log checkpoint at ${head.size} entries: the operational store refused it: ${(err as Error).message}`,
      );
    }
    this.#lastSize = head.size;
    return checkpoint;
  }
}
