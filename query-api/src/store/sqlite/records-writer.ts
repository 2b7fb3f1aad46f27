// The records writer thread: owns the building records file (records-build.ts) while the main thread reads,
// checks and derives, so that SQLite's inserts run beside the validation instead of after it. Messages are handled
// in order; a command is answered on the reply port and counted in the control block (the sink waits on it), and a
// failure while writing rows is reported once and makes every later message a no-op until the abort.
import { parentPort, workerData } from 'node:worker_threads';
import { RecordsBuild } from './records-build.ts';
import {
  DONE,
  FAILED,
  PENDING,
  unpack,
  type Message,
  type Reply,
  type WriterData,
} from './records-writer-protocol.ts';

const data = workerData as WriterData;
const control = new Int32Array(data.control);
const build = new RecordsBuild(data.build);
let failure: string | null = null;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

function fail(error: unknown): void {
  if (failure !== null) return;
  failure = firstLine(error);
  data.replies.postMessage({ seq: -1, error: failure } satisfies Reply);
  Atomics.store(control, FAILED, 1);
  Atomics.notify(control, FAILED);
}

function answer(seq: number, error?: string): void {
  data.replies.postMessage((error === undefined ? { seq } : { seq, error }) satisfies Reply);
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}

function handle(message: Message): void {
  switch (message.op) {
    case 'rows':
      try {
        if (failure === null) build.rows(message.id, unpack(message), message.rows);
      } catch (error) {
        fail(error);
      } finally {
        Atomics.sub(control, PENDING, 1);
        Atomics.notify(control, PENDING);
      }
      return;
    case 'table':
      try {
        if (failure === null) build.table(message.id, message.table, message.columns);
      } catch (error) {
        fail(error);
      }
      return;
    case 'abort':
      try {
        build.abort();
        answer(message.seq);
      } catch (error) {
        answer(message.seq, firstLine(error));
      }
      return;
    default:
      if (failure !== null) {
        answer(message.seq, failure);
        return;
      }
      try {
        if (message.op === 'begin') build.begin(message.meta);
        else if (message.op === 'removePersons') build.removePersons(message.ids);
        else build.finish();
        answer(message.seq);
      } catch (error) {
        failure = firstLine(error);
        answer(message.seq, failure);
      }
  }
}

// Anything that escapes is a failure the waiting sink must hear of, not a silent death.
process.on('uncaughtException', fail);
parentPort?.on('message', handle);
