// Where an import writes: a records-store engine behind one small interface, so that SQLite (store/sqlite/
// records-sink.ts) and PostgreSQL take the same validated rows. A sink builds the new records aside (a temporary
// file, a staging schema), never touching what the API reads, and `switchIn` makes them current in one atomic step;
// `abort` throws the build away. Rows arrive table by table in the format's order, each already validated.
// A server sink's steps are asynchronous (the importer awaits each); `row` stays synchronous (it buffers).

/** A value as stored: text, a whole number, or null. */
export type StoredValue = string | number | null;

export interface TableWriter {
  /** One row, values in the order of the columns the writer was opened with. */
  row(values: readonly StoredValue[]): void;
}

export interface SinkMeta {
  asOf: string;
  dataThrough: string;
  firstDetailMonth: string;
  regionProfile: string;
  formatVersion: string;
  kind: 'full' | 'delta';
}

/** What a sink knows about the snapshot currently in place (for deltas and checks). */
export interface CurrentSnapshot {
  asOf: string;
  employerIds: ReadonlySet<number>;
  regionCodes: ReadonlySet<string>;
  /** Contribution rates by `${year}|${type}`: [employer bp, individual bp]. */
  rates: ReadonlyMap<string, readonly [number, number]>;
  /** Employment periods of one person at one employer (for a delta's contributions). */
}

export interface RecordsSink {
  /** The records in place now, or null when there are none. */
  current(): CurrentSnapshot | null | Promise<CurrentSnapshot | null>;
  /** Starts building aside: a full load starts empty, a delta from a copy of the current records. */
  begin(meta: SinkMeta): void | Promise<void>;
  /** A delta: remove every row of these persons (they come again whole). Before their rows are written. */
  removePersons(ids: readonly number[]): void | Promise<void>;
  /** Opens a table for rows; for a delta, reference tables (regions, rates, employers, employer credentials) upsert. */
  table(table: string, columns: readonly string[]): TableWriter;
  /** Rows are in: build indexes and the derived figures' employer totals (see derive.ts), check, make ready. */
  finish(): void | Promise<void>;
  /** Makes the built records current, atomically: a reader sees the old or the new, never a mix. */
  switchIn(): void | Promise<void>;
  /** Throws the build away; the current records stay as they were. Safe to call more than once. */
  abort(): void | Promise<void>;
}
