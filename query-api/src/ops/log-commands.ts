// The operator's query-log commands: verify-log (chain, MACs, signatures, checkpoints against the witness),
// export-log (a period with the checkpoints that prove it, written with back-pressure), verify-export (on another
// machine, with only the public key) and public-key. Output goes through a LineSink so that a slow or closed
// reader is honoured: the command waits for the reader, and a write error ends it with exit 1.
import { createWriteStream, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { Checkpointer, logOrigin, readWitness, witnessPath } from '../log/checkpoints.ts';
import type { QueryLogConfig } from '../log/config.ts';
import {
  LogKeyError,
  loadSigningKey,
  readVerifierKey,
  verifyCheckpoint,
  type LogSigningKey,
  type LogVerifierKey,
} from '../log/signing.ts';
import {
  exportEntryLine,
  nextDay,
  verifyExport,
  verifyLog,
  type CheckpointSource,
  type ExportHeader,
} from '../log/verify.ts';
import type { OperationalStore } from '../store/types.ts';

export class LogCommandError extends Error {}

export interface LogIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where bulk output (an export) goes when there is no --out file; default: line by line through `out`. */
  stdout?: Writable;
}

/** Writes lines and waits for the reader whenever its buffer is full; rejects on the first write error. */
export interface LineSink {
  write(line: string): Promise<void>;
  /** Resolves once everything written has been handed to the OS (or the file is closed). */
  end(): Promise<void>;
}

/** The output (a file, a pipe) refused a write: reported with exit 1. */
export class OutputError extends Error {
  readonly code: string | undefined;
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.code = (cause as NodeJS.ErrnoException).code;
  }
}

export function streamSink(stream: Writable, closeAtEnd: boolean): LineSink {
  let failure: OutputError | null = null;
  stream.on('error', (err: Error) => {
    failure ??= new OutputError(err);
  });
  const waitFor = (event: 'drain' | 'finish'): Promise<void> =>
    new Promise((resolveWait, rejectWait) => {
      const cleanup = (): void => {
        stream.off(event, onEvent);
        stream.off('error', onError);
        stream.off('close', onClose);
      };
      const onEvent = (): void => {
        cleanup();
        resolveWait();
      };
      const onError = (err: Error): void => {
        cleanup();
        rejectWait(failure ?? new OutputError(err));
      };
      const onClose = (): void => {
        cleanup();
        if (failure) rejectWait(failure);
        else resolveWait();
      };
      stream.once(event, onEvent);
      stream.once('error', onError);
      stream.once('close', onClose);
    });
  return {
    async write(line: string): Promise<void> {
      if (failure) throw failure;
      if (stream.destroyed) throw failure ?? new OutputError(new Error('the output was closed'));
      if (!stream.write(`${line}\n`)) await waitFor('drain');
      if (failure) throw failure;
    },
    async end(): Promise<void> {
      if (failure) throw failure;
      if (closeAtEnd) {
        const finished = waitFor('finish');
        stream.end();
        await finished;
      } else if (stream.writableNeedDrain) {
        await waitFor('drain');
      }
      if (failure) throw failure;
    },
  };
}

function ioSink(io: LogIo): LineSink {
  return {
    write: (line) => {
      io.out(line);
      return Promise.resolve();
    },
    end: () => Promise.resolve(),
  };
}

export interface LogCommandContext {
  config: QueryLogConfig;
  dataDir: string;
  /** Opens the operational store read for these commands (never with the MAC key: they append no entries). */
  openOps: () => Promise<OperationalStore>;
  io: LogIo;
}

/** The signing key if this machine has it (the API's machine), else null with the reason. */
function trySigningKey(ctx: LogCommandContext): { key: LogSigningKey | null; why: string } {
  try {
    return {
      key: loadSigningKey({
        keyText: ctx.config.keyText,
        keyFile: ctx.config.keyFile,
        dataDir: ctx.dataDir,
        create: false,
      }).key,
      why: '',
    };
  } catch (err) {
    if (err instanceof LogKeyError) return { key: null, why: err.message };
    throw err;
  }
}

/**
 * A witness note of another log kept in the same folder (another data set, a restored store): signed by this
 * key for another origin, or by another key for another origin. An edited note of this log fails its signature
 * under this key and is not skipped.
 */
function otherLogs(note: string, origin: string, key: LogVerifierKey | undefined): boolean {
  if (!key || note.startsWith(`${origin}\n`)) return false;
  const check = verifyCheckpoint(key, note);
  return check.ok || /another key|no signature by the query log key/.test(check.reason);
}

async function checkpointSources(
  ops: OperationalStore,
  witnessFiles: string[],
  origin: string,
  key: LogVerifierKey | undefined,
): Promise<{
  sources: CheckpointSource[];
  witness: Map<string, { exists: boolean; notes: string[] }>;
  problems: string[];
}> {
  const sources: CheckpointSource[] = (await ops.listLogCheckpoints()).map((c, i) => ({
    note: c.note,
    source: `database checkpoint #${i + 1}`,
  }));
  const witness = new Map<string, { exists: boolean; notes: string[] }>();
  const problems: string[] = [];
  for (const file of witnessFiles) {
    const read = readWitness(file);
    for (const line of read.malformed)
      problems.push(`witness ${file} line ${line} is not a checkpoint (damaged or edited)`);
    const mine = read.notes.filter((note) => !otherLogs(note, origin, key));
    witness.set(file, { exists: read.exists, notes: mine });
    mine.forEach((note, i) => sources.push({ note, source: `witness ${file} checkpoint #${i + 1}` }));
  }
  return { sources, witness, problems };
}

export interface VerifyLogOptions {
  publicKeyFile?: string | undefined;
  /** Copies of the witness shipped elsewhere, checked as well. */
  extraWitness: string[];
}

export async function verifyLogCommand(ctx: LogCommandContext, options: VerifyLogOptions): Promise<number> {
  const { io } = ctx;
  let verifier: LogVerifierKey;
  let macKey: Buffer | undefined;
  if (options.publicKeyFile) {
    verifier = readVerifierKey(options.publicKeyFile);
  } else {
    const { key, why } = trySigningKey(ctx);
    if (!key)
      throw new LogCommandError(
        `${why}\n(or give --public-key FILE to check signatures and checkpoints only)`,
      );
    verifier = key.verifier;
    macKey = key.macKey;
  }
  const ops = await ctx.openOps();
  try {
    const origin = await logOrigin(ops);
    const localWitness = witnessPath(ctx.config.checkpointDir);
    const {
      sources,
      witness,
      problems: witnessProblems,
    } = await checkpointSources(ops, [localWitness, ...options.extraWitness], origin, verifier);
    const report = await verifyLog({
      entries: ops.iterateQueryLog(),
      checkpoints: sources,
      key: verifier,
      ...(macKey ? { macKey } : {}),
      origin,
    });
    const problems = [...report.problems, ...witnessProblems];
    // The witness is what an attacker holding the database cannot rewrite: it must have this log's checkpoints.
    for (const [file, read] of witness) {
      const valid = read.notes.filter((n) => verifyCheckpoint(verifier, n, origin).ok).length;
      if (report.lastId > 0 || sources.length > 0) {
        if (!read.exists) problems.push(`the witness file ${file} is missing`);
        else if (valid === 0) problems.push(`the witness file ${file} has no valid checkpoint of this log`);
      }
    }
    if (problems.length === 0) {
      const sizes = [...report.checkpoints.keys()];
      const newest = sizes.length ? Math.max(...sizes) : null;
      io.out(
        `query log OK: ${report.count} entries verified` +
          (macKey ? ' (chain, MACs' : ' (chain') +
          `, ${report.checkpoints.size} signed checkpoints` +
          (newest !== null ? `, newest ${newest} entries at ${report.checkpoints.get(newest)?.time})` : ')'),
      );
      if (!macKey) io.out("note: without the signing key the entries' MACs are not checked");
      for (const note of report.notes) io.out(`note: ${note}`);
      return 0;
    }
    if (report.firstBroken) {
      io.err(
        `query log BROKEN at entry ${report.firstBroken.id}: ${report.firstBroken.reason} ` +
          `(${report.count} entries before it verify)`,
      );
      for (const p of problems.slice(1)) io.err(`also: ${p}`);
    } else {
      io.err(`query log BROKEN: ${problems[0]}`);
      for (const p of problems.slice(1)) io.err(`also: ${p}`);
    }
    return 1;
  } finally {
    await ops.close();
  }
}

export interface ExportLogOptions {
  from: string;
  to: string;
  out?: string | undefined;
}

export async function exportLogCommand(ctx: LogCommandContext, options: ExportLogOptions): Promise<number> {
  const { io } = ctx;
  const { key, why } = trySigningKey(ctx);
  const ops = await ctx.openOps();
  try {
    const origin = await logOrigin(ops);
    // Sign the current head first (the key holder may), so that the newest entries of the period are covered.
    if (key) {
      const head = await ops.queryLogHead();
      if (!(await ops.listLogCheckpoints()).some((c) => c.size === head.size)) {
        await new Checkpointer({
          store: ops,
          key,
          origin,
          checkpointDir: ctx.config.checkpointDir,
        }).checkpoint(true);
      }
    } else {
      io.err(`warning: ${why}; the export carries only the checkpoints already signed`);
    }
    const fromAt = options.from;
    const toAt = nextDay(options.to);
    let minId = Infinity;
    let maxId = 0;
    for await (const e of ops.iterateQueryLog({ fromAt, toAt })) {
      minId = Math.min(minId, e.id);
      maxId = Math.max(maxId, e.id);
    }
    const { sources } = await checkpointSources(
      ops,
      [witnessPath(ctx.config.checkpointDir)],
      origin,
      key?.verifier,
    );
    const verifier = key?.verifier;
    const valid = new Map<number, string>();
    for (const { note } of sources) {
      if (verifier) {
        const check = verifyCheckpoint(verifier, note, origin);
        if (check.ok && !valid.has(check.checkpoint.size)) valid.set(check.checkpoint.size, note);
      } else {
        const size = Number(note.split('\n')[1]);
        if (note.startsWith(`${origin}\n`) && Number.isInteger(size) && !valid.has(size))
          valid.set(size, note);
      }
    }
    const header: ExportHeader = {
      type: 'query-log-export',
      version: 1,
      origin,
      keyId: (verifier?.keyId ?? Buffer.alloc(0)).toString('base64'),
      from: options.from,
      to: options.to,
      exportedAt: new Date().toISOString(),
    };
    const sink: LineSink = options.out
      ? streamSink(createWriteStream(options.out, { mode: 0o600 }), true)
      : io.stdout
        ? streamSink(io.stdout, false)
        : ioSink(io);
    await sink.write(JSON.stringify(header));
    let written = 0;
    if (maxId > 0) {
      // One entry before the period shows where it starts; entries after it reach the covering checkpoint.
      const fromId = Math.max(1, minId - 1);
      const covering = [...valid.keys()].filter((s) => s >= maxId).sort((a, b) => a - b)[0];
      if (covering === undefined)
        io.err(`warning: no signed checkpoint covers entry ${maxId} yet; verify-export will say so`);
      const toId = covering ?? maxId;
      for await (const e of ops.iterateQueryLog({ fromId, toId })) {
        await sink.write(exportEntryLine(e));
        written++;
      }
      for (const [size, note] of [...valid].sort((a, b) => a[0] - b[0])) {
        if (size >= fromId - 1 && size <= toId)
          await sink.write(JSON.stringify({ type: 'checkpoint', note }));
      }
    }
    await sink.end();
    if (options.out) io.out(`${written} entries written to ${options.out}`);
    return 0;
  } catch (err) {
    if (!(err instanceof OutputError)) throw err;
    io.err(
      `export-log failed: the output could not be written${err.code ? ` (${err.code})` : ''}: ${err.message}`,
    );
    return 1;
  } finally {
    await ops.close();
  }
}

export async function verifyExportCommand(io: LogIo, file: string, publicKeyFile: string): Promise<number> {
  const key = readVerifierKey(publicKeyFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LogCommandError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const report = await verifyExport(text, key);
  if (report.ok) {
    const sizes = [...report.checkpoints.keys()];
    const newest = sizes.length ? Math.max(...sizes) : 0;
    io.out(
      `export OK: ${report.inPeriod} entries of ${report.header?.from}..${report.header?.to} ` +
        `(${report.count} exported entries chained, covered by the checkpoint of ${newest} entries signed at ${report.checkpoints.get(newest)?.time}; log ${report.header?.origin})`,
    );
    return 0;
  }
  io.err(
    report.firstBroken
      ? `export BROKEN at entry ${report.firstBroken.id}: ${report.firstBroken.reason}`
      : `export BROKEN: ${report.problems[0]}`,
  );
  for (const p of report.problems.slice(1)) io.err(`also: ${p}`);
  return 1;
}

export function publicKeyCommand(ctx: LogCommandContext): number {
  const { key, why } = trySigningKey(ctx);
  if (!key) throw new LogCommandError(why);
  ctx.io.out(key.verifier.pem.trimEnd());
  return 0;
}
