// What the SQLite records sink (main thread) and its writer thread (records-writer.ts) say to each other. Rows
// cross in blocks packed into typed arrays (a kind byte and a number per value, the texts joined into one string
// with their lengths): cloning arrays of values would cost the main thread more than the inserts it hands off.
import type { MessagePort } from 'node:worker_threads';
import type { SinkMeta, StoredValue } from '../../interchange/sink.ts';
import type { BuildOptions } from './records-build.ts';

/** Cells of the shared control block (an Int32Array over a SharedArrayBuffer). */
export const PENDING = 0; // row blocks posted and not yet written
export const DONE = 1; // commands answered so far
export const FAILED = 2; // 1 once the writer has failed (its error is on the reply port)

export interface WriterData {
  build: BuildOptions;
  control: SharedArrayBuffer;
  replies: MessagePort;
}

export type Command =
  | { op: 'begin'; seq: number; meta: SinkMeta }
  | { op: 'removePersons'; seq: number; ids: number[] }
  | { op: 'finish'; seq: number }
  | { op: 'abort'; seq: number };

/** A command before the link numbers it. */
export type Unnumbered<T> = T extends unknown ? Omit<T, 'seq'> : never;

export type Message =
  | Command
  | { op: 'table'; id: number; table: string; columns: readonly string[] }
  | ({ op: 'rows'; id: number } & PackedRows);

/** The answer to a command (`seq`), or a failure while writing rows (`seq` -1). */
export interface Reply {
  seq: number;
  error?: string;
}

export interface PackedRows {
  rows: number;
  /** Per value: 0 null, 1 number, 2 text. */
  kinds: Uint8Array<ArrayBuffer>;
  numbers: Float64Array<ArrayBuffer>;
  /** The texts, one after the other, and each one's length (at its value's place). */
  text: string;
  lengths: Int32Array<ArrayBuffer>;
}

const NULL = 0;
const NUMBER = 1;
const TEXT = 2;

/** Packs rows of one table, as they come, into blocks of about `capacity` values. */
export class RowPacker {
  private kinds: Uint8Array<ArrayBuffer>;
  private numbers: Float64Array<ArrayBuffer>;
  private lengths: Int32Array<ArrayBuffer>;
  private texts: string[] = [];
  private size = 0;
  private rows = 0;

  constructor(private readonly capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.lengths = new Int32Array(capacity);
  }

  /** Adds one row; true when the block is full (take it with `take`). */
  add(values: readonly StoredValue[]): boolean {
    if (this.size + values.length > this.capacity) this.grow(this.size + values.length);
    let at = this.size;
    for (let i = 0; i < values.length; i++, at++) {
      const v = values[i];
      if (typeof v === 'number') {
        this.kinds[at] = NUMBER;
        this.numbers[at] = v;
      } else if (typeof v === 'string') {
        this.kinds[at] = TEXT;
        this.lengths[at] = v.length;
        this.texts.push(v);
      } else {
        this.kinds[at] = NULL;
      }
    }
    this.size = at;
    this.rows++;
    return this.size + values.length > this.capacity;
  }

  get empty(): boolean {
    return this.rows === 0;
  }

  /** The packed block (its buffers are handed over: transfer them) and a fresh one begun. */
  take(): PackedRows {
    const block: PackedRows = {
      rows: this.rows,
      kinds: this.kinds.subarray(0, this.size),
      numbers: this.numbers.subarray(0, this.size),
      text: this.texts.join(''),
      lengths: this.lengths.subarray(0, this.size),
    };
    this.kinds = new Uint8Array(this.capacity);
    this.numbers = new Float64Array(this.capacity);
    this.lengths = new Int32Array(this.capacity);
    this.texts = [];
    this.size = 0;
    this.rows = 0;
    return block;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.kinds.length * 2);
    const kinds = new Uint8Array(capacity);
    const numbers = new Float64Array(capacity);
    const lengths = new Int32Array(capacity);
    kinds.set(this.kinds);
    numbers.set(this.numbers);
    lengths.set(this.lengths);
    this.kinds = kinds;
    this.numbers = numbers;
    this.lengths = lengths;
  }
}

/** The values of a packed block, flat, in row order. */
export function unpack(block: PackedRows): StoredValue[] {
  const { kinds, numbers, text, lengths } = block;
  const values = new Array<StoredValue>(kinds.length);
  let offset = 0;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === NUMBER) values[i] = numbers[i] as number;
    else if (kind === TEXT) {
      const end = offset + (lengths[i] as number);
      values[i] = text.slice(offset, end);
      offset = end;
    } else values[i] = null;
  }
  return values;
}
