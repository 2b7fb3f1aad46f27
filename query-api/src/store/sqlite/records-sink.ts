// The SQLite records sink: an import builds `.records.sqlite.building` next to records.sqlite (a full load from
// empty, a delta from a copy of the current file), then renames it over records.sqlite. rename(2) is atomic, and
// a reader that has the old file open keeps reading the old file (its inode) until it reopens, so a request sees
// one snapshot or the other. A failed or refused build is deleted; records.sqlite is never opened for writing.
//
// The building is done by a writer thread (records-writer.ts, with records-build.ts), so that SQLite's inserts run
// beside the importer's reading and checking rather than after it. The sink's calls stay synchronous: rows are
// packed and posted (the importer waits only when the writer is several blocks behind), and begin, removePersons,
// finish and abort wait for the writer's answer on a shared control block. A writer failure (a full disk) is
// thrown by the next call.
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type {
  CurrentSnapshot,
  RecordsSink,
  SinkMeta,
  StoredValue,
  TableWriter,
} from '../../interchange/sink.ts';
import { RECORDS_SCHEMA_VERSION, removeDatabase } from './records-build.ts';
import {
  DONE,
  FAILED,
  PENDING,
  RowPacker,
  type Command,
  type Message,
  type Reply,
  type Unnumbered,
  type WriterData,
} from './records-writer-protocol.ts';

export { RECORDS_SCHEMA_VERSION };
export const RECORDS_FILE = 'records.sqlite';

/** Values per packed block of rows, and blocks the writer may be behind before the importer waits. */
const BLOCK_VALUES = 1 << 16;
const BLOCKS_AHEAD = 8;
/** How long an abort waits for the writer to close the file before the file is deleted anyway. */
const ABORT_PATIENCE_MS = 60_000;

export interface SqliteSinkOptions {
  /** The data folder holding records.sqlite. */
  dir: string;
  /**
   * Fault injection for tests: caps the building file at this many pages, so that SQLite fails exactly as on a
   * full disk (SQLITE_FULL, "database or disk is full").
   */
  maxPages?: number;
}

/** The writer thread's code, bundled once per process (see startWriter). */
let writerCode: string | null = null;

/**
 * Starts the writer thread. The code base runs as TypeScript through tsx, whose loader a worker thread reaches
 * only through the main thread's event loop, which the sink blocks on while it waits for the writer. So the writer
 * is bundled to plain JavaScript with esbuild (once, in about a tenth of a second) and started from that text;
 * better-sqlite3 stays external, required from here.
 */
function startWriter(data: WriterData): Worker {
  const entry = fileURLToPath(new URL('./records-writer.ts', import.meta.url));
  if (writerCode === null) {
    const bundle = buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3'],
      write: false,
      logLevel: 'silent',
    });
    const js = bundle.outputFiles[0]?.text ?? '';
    writerCode =
      `(function (require, module, exports) {\n${js}\n})(` +
      `require('node:module').createRequire(${JSON.stringify(entry)}), { exports: {} }, {});`;
  }
  return new Worker(writerCode, { eval: true, workerData: data, transferList: [data.replies] });
}

/** The writer thread seen from the main thread: post, and wait on the control block where an answer is due. */
class WriterLink {
  private readonly control: Int32Array;
  private readonly replies: MessagePort;
  private readonly worker: Worker;
  private seq = 0;
  private nextTable = 0;
  /** Replies read while looking for another one. */
  private readonly inbox: Reply[] = [];

  constructor(build: WriterData['build']) {
    const shared = new SharedArrayBuffer(16);
    this.control = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = startWriter({ build, control: shared, replies: port2 });
    // The writer must not keep the process alive on its own, nor its reply port.
    this.worker.unref();
    this.replies.unref();
  }

  /**
   * A command, answered before this returns; throws the writer's error. Only an abort is answered even after a
   * failure (the writer rolls back and closes the file), and it is not waited for without end.
   */
  call(command: Unnumbered<Command>): void {
    const seq = ++this.seq;
    const done = Atomics.load(this.control, DONE);
    this.worker.postMessage({ ...command, seq } as Message);
    const deadline = command.op === 'abort' ? Date.now() + ABORT_PATIENCE_MS : Infinity;
    while (Atomics.load(this.control, DONE) === done) {
      if (command.op !== 'abort') this.throwIfFailed();
      if (Date.now() > deadline) throw new Error('the records writer did not answer the abort');
      Atomics.wait(this.control, DONE, done, 1000);
    }
    const reply = this.reply((r) => r.seq === seq);
    if (reply.error !== undefined) throw new Error(reply.error);
  }

  table(table: string, columns: readonly string[]): number {
    const id = ++this.nextTable;
    this.send({ op: 'table', id, table, columns });
    return id;
  }

  rows(id: number, packer: RowPacker): void {
    this.throwIfFailed();
    // Backpressure: the importer waits while the writer is BLOCKS_AHEAD blocks behind (memory stays flat).
    for (let pending = Atomics.load(this.control, PENDING); pending >= BLOCKS_AHEAD;) {
      Atomics.wait(this.control, PENDING, pending, 1000);
      this.throwIfFailed();
      pending = Atomics.load(this.control, PENDING);
    }
    const block = packer.take();
    Atomics.add(this.control, PENDING, 1);
    this.worker.postMessage({ op: 'rows', id, ...block } satisfies Message, [
      block.kinds.buffer,
      block.numbers.buffer,
      block.lengths.buffer,
    ]);
  }

  close(): void {
    void this.worker.terminate();
    this.replies.close();
  }

  private send(message: Message): void {
    this.throwIfFailed();
    this.worker.postMessage(message);
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED) === 0) return;
    const reply = this.reply((r) => r.seq === -1);
    throw new Error(reply.error ?? 'the records writer failed');
  }

  /** The first reply that matches, reading the reply port as far as needed. */
  private reply(match: (r: Reply) => boolean): Reply {
    for (;;) {
      const found = this.inbox.findIndex(match);
      if (found >= 0) return this.inbox.splice(found, 1)[0] as Reply;
      const received = receiveMessageOnPort(this.replies);
      if (received) this.inbox.push(received.message as Reply);
      else Atomics.wait(this.control, DONE, Atomics.load(this.control, DONE), 10);
    }
  }
}

export function createSqliteRecordsSink(options: SqliteSinkOptions): RecordsSink {
  const recordsPath = join(options.dir, RECORDS_FILE);
  const buildingPath = join(options.dir, `.${RECORDS_FILE}.building`);
  let link: WriterLink | null = null;
  /** Each open table's packer of rows not yet posted. */
  const open: { id: number; packer: RowPacker }[] = [];

  const writer = (): WriterLink => {
    if (!link) throw new Error('the sink has not begun');
    return link;
  };

  const stop = (): void => {
    link?.close();
    link = null;
    open.length = 0;
  };

  return {
    current(): CurrentSnapshot | null {
      if (!existsSync(recordsPath)) return null;
      const cur = new Database(recordsPath, { readonly: true, fileMustExist: true });
      try {
        const asOf = cur.prepare(`SELECT value FROM meta WHERE key = 'as_of'`).pluck().get() as
          string | undefined;
        const employerIds = new Set(cur.prepare('SELECT id FROM employer').pluck().all() as number[]);
        const regionCodes = new Set(cur.prepare('SELECT code FROM region').pluck().all() as string[]);
        const rates = new Map<string, readonly [number, number]>();
        for (const r of cur
          .prepare('SELECT year, insurance_type, employer_bp, individual_bp FROM contribution_rate')
          .all() as { year: number; insurance_type: string; employer_bp: number; individual_bp: number }[]) {
          rates.set(`${r.year}|${r.insurance_type}`, [r.employer_bp, r.individual_bp]);
        }
        return { asOf: asOf ?? '', employerIds, regionCodes, rates };
      } finally {
        cur.close();
      }
    },

    begin(meta: SinkMeta): void {
      stop();
      link = new WriterLink({
        recordsPath,
        buildingPath,
        schemaPath: fileURLToPath(new URL('../records-schema.sql', import.meta.url)),
        ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
      });
      link.call({ op: 'begin', meta });
    },

    removePersons(ids: readonly number[]): void {
      writer().call({ op: 'removePersons', ids: [...ids] });
    },

    table(table: string, columns: readonly string[]): TableWriter {
      const w = writer();
      const entry = { id: w.table(table, columns), packer: new RowPacker(BLOCK_VALUES) };
      open.push(entry);
      return {
        row(values: readonly StoredValue[]): void {
          if (entry.packer.add(values)) w.rows(entry.id, entry.packer);
        },
      };
    },

    finish(): void {
      const w = writer();
      for (const { id, packer } of open) if (!packer.empty) w.rows(id, packer);
      w.call({ op: 'finish' });
      stop();
    },

    switchIn(): void {
      renameSync(buildingPath, recordsPath);
    },

    abort(): void {
      if (link) {
        try {
          link.call({ op: 'abort' });
        } catch {
          // the build is thrown away below anyway
        }
        stop();
      }
      removeDatabase(buildingPath);
    },
  };
}
