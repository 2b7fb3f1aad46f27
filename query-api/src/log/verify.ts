// Verifying the query log against its signed checkpoints, for the key holder (`ops verify-log`: chain, every
// entry's MAC, every checkpoint's signature and head) and for a supervisor who holds only the public key and an
// export (`ops verify-export`). Store-independent: it takes entries and checkpoint notes.
import type { StoredQueryLogEntry } from '../store/types.ts';
import { GENESIS_HASH, entryHash, entryMac } from './chain.ts';
import { verifyCheckpoint, type Checkpoint, type LogVerifierKey } from './signing.ts';

export interface CheckpointSource {
  note: string;
  /** Where it was read, for the report (e.g. "witness line 3", "database #12"). */
  source: string;
}

export interface LogVerificationInput {
  entries: Iterable<StoredQueryLogEntry> | AsyncIterable<StoredQueryLogEntry>;
  checkpoints: readonly CheckpointSource[];
  key: LogVerifierKey;
  /** The key holder's MAC key: with it the first rewritten entry is named exactly. */
  macKey?: Buffer;
  /** This log's origin line (checkpoints of another log do not count). */
  origin: string;
  /** The first entry's id: 1 for the whole log; an export starts later and takes its first prev_hash as given. */
  startId?: number;
}

export interface LogReport {
  ok: boolean;
  /** Entries that verified. */
  count: number;
  /** The id of the last entry read. */
  lastId: number;
  /** The first entry that does not verify, and why. */
  firstBroken?: { id: number; reason: string };
  /** Every problem found (checkpoints included); empty when ok. */
  problems: string[];
  /** What the operator should know although nothing is broken. */
  notes: string[];
  /** Valid checkpoints by size. */
  checkpoints: Map<number, Checkpoint>;
}

export async function verifyLog(input: LogVerificationInput): Promise<LogReport> {
  const problems: string[] = [];
  const notes: string[] = [];
  const bySize = new Map<number, Checkpoint>();
  for (const { note, source } of input.checkpoints) {
    const check = verifyCheckpoint(input.key, note, input.origin);
    if (!check.ok) {
      problems.push(`checkpoint (${source}): ${check.reason}`);
      continue;
    }
    const other = bySize.get(check.checkpoint.size);
    if (other && other.hash !== check.checkpoint.hash) {
      problems.push(
        `checkpoint (${source}): two signed checkpoints of ${check.checkpoint.size} entries disagree`,
      );
    }
    if (!other || check.checkpoint.time > other.time) bySize.set(check.checkpoint.size, check.checkpoint);
  }

  const startId = input.startId ?? 1;
  let expectedId = startId;
  let prevHash: string | null = startId === 1 ? GENESIS_HASH : null;
  let count = 0;
  let lastId = startId - 1;
  let lastMatched = startId - 1;
  let unkeyed = 0;
  let keyed = false;
  let firstBroken: LogReport['firstBroken'];
  const broken = (id: number, reason: string): void => {
    firstBroken = { id, reason };
  };

  const genesis = bySize.get(startId - 1);
  for await (const e of input.entries) {
    if (e.id !== expectedId) {
      broken(e.id, `expected entry ${expectedId} (entries deleted)`);
      break;
    }
    if (prevHash === null) {
      // An export's first entry: its prev_hash is the anchor, checked against a checkpoint when there is one.
      prevHash = e.prevHash;
      if (genesis && genesis.hash !== prevHash) {
        broken(e.id, `prev_hash does not match the checkpoint of ${genesis.size} entries`);
        break;
      }
    }
    if (e.prevHash !== prevHash) {
      broken(e.id, 'prev_hash is not the previous entry hash');
      break;
    }
    if (entryHash(prevHash, e.id, e) !== e.hash) {
      broken(e.id, 'hash does not match the entry (edited)');
      break;
    }
    if (input.macKey) {
      if (e.mac === null || e.mac === undefined) {
        if (keyed) {
          broken(e.id, 'the entry has no MAC (rewritten without the signing key)');
          break;
        }
        unkeyed++;
      } else if (e.mac !== entryMac(input.macKey, e.hash)) {
        broken(
          e.id,
          'the MAC does not match: the entry was rewritten and the chain recomputed, or written under another key',
        );
        break;
      } else {
        keyed = true;
      }
    }
    const checkpoint = bySize.get(e.id);
    if (checkpoint && checkpoint.hash !== e.hash) {
      broken(
        lastMatched + 1,
        `entries ${lastMatched + 1}..${e.id} do not match the checkpoint of ${e.id} entries signed at ${checkpoint.time}: one of them was changed and the chain recomputed`,
      );
      break;
    }
    if (checkpoint) lastMatched = e.id;
    prevHash = e.hash;
    lastId = e.id;
    expectedId++;
    count++;
  }
  if (startId === 1 && bySize.get(0) && bySize.get(0)?.hash !== GENESIS_HASH) {
    problems.push('the checkpoint of 0 entries does not have the genesis hash');
  }

  const sizes = [...bySize.keys()];
  const newest = sizes.length ? Math.max(...sizes) : -1;
  if (!firstBroken && newest > lastId && (input.startId === undefined || input.startId === 1)) {
    const cp = bySize.get(newest);
    broken(
      lastId + 1,
      `entries ${lastId + 1}..${newest} are missing: the checkpoint signed at ${cp?.time} counts ${newest} entries (newest entries removed)`,
    );
  }
  if (firstBroken) {
    problems.unshift(`entry ${firstBroken.id}: ${firstBroken.reason}`);
  } else {
    if (unkeyed > 0)
      notes.push(
        `entries 1..${unkeyed} were written before the log was keyed: they are protected by the chain and the checkpoints only`,
      );
    if (lastId > Math.max(newest, startId - 1))
      notes.push(
        `entries ${Math.max(newest, startId - 1) + 1}..${lastId} are newer than the newest checkpoint (the API signs one at least every few seconds while the log grows)`,
      );
  }
  return {
    ok: problems.length === 0,
    count,
    lastId,
    ...(firstBroken ? { firstBroken } : {}),
    problems,
    notes,
    checkpoints: bySize,
  };
}

// --- Exports ---------------------------------------------------------------------------------------------------

export interface ExportHeader {
  type: 'query-log-export';
  version: 1;
  origin: string;
  /** The signing key's id (base64), as in the checkpoints' signature lines. */
  keyId: string;
  /** The period (dates, inclusive). */
  from: string;
  to: string;
  exportedAt: string;
}

export type ExportLine =
  | ExportHeader
  | ({ type: 'entry' } & Omit<StoredQueryLogEntry, 'mac'>)
  | { type: 'checkpoint'; note: string };

export function exportEntryLine(e: StoredQueryLogEntry): string {
  const { mac: _mac, ...rest } = e;
  return JSON.stringify({ type: 'entry', ...rest });
}

export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface ExportReport extends LogReport {
  header?: ExportHeader;
  /** Entries whose time is in the period. */
  inPeriod: number;
}

/**
 * Verifies an export with only the public key: the header, a gap-free chain from the first exported entry
 * (one entry before the period, unless the log starts in it), every checkpoint's signature, and that a signed
 * checkpoint covers the period's last entry. Entries after the period are there only to reach that checkpoint.
 */
export async function verifyExport(text: string, key: LogVerifierKey): Promise<ExportReport> {
  const fail = (reason: string): ExportReport => ({
    ok: false,
    count: 0,
    lastId: 0,
    problems: [reason],
    notes: [],
    checkpoints: new Map(),
    inPeriod: 0,
  });
  const lines = text.split('\n').filter((l) => l.trim());
  let header: ExportHeader | undefined;
  const entries: StoredQueryLogEntry[] = [];
  const checkpoints: CheckpointSource[] = [];
  for (const [i, line] of lines.entries()) {
    let parsed: ExportLine;
    try {
      parsed = JSON.parse(line) as ExportLine;
    } catch {
      return fail(`line ${i + 1} is not JSON`);
    }
    if (parsed.type === 'query-log-export') {
      if (i !== 0) return fail(`line ${i + 1}: a second header`);
      header = parsed;
    } else if (parsed.type === 'entry') {
      const { type: _type, ...entry } = parsed;
      entries.push(entry);
    } else if (parsed.type === 'checkpoint') {
      checkpoints.push({ note: parsed.note, source: `export line ${i + 1}` });
    } else {
      return fail(`line ${i + 1}: unknown line type`);
    }
  }
  if (!header || header.version !== 1) return fail('not a query log export (no header on the first line)');
  if (header.keyId !== key.keyId.toString('base64'))
    return fail(
      `the export was signed by key ${header.keyId}, not by the public key given (${key.keyId.toString('base64')})`,
    );
  const first = entries[0];
  const report = await verifyLog({
    entries,
    checkpoints,
    key,
    origin: header.origin,
    startId: first?.id ?? 1,
  });
  const fromAt = header.from;
  const toAt = nextDay(header.to);
  const inPeriod = entries.filter((e) => e.at >= fromAt && e.at < toAt);
  const problems = [...report.problems];
  if (first && first.id !== 1 && first.at >= fromAt)
    problems.push(
      `the export starts inside the period (entry ${first.id}): earlier entries of the period may be missing`,
    );
  const lastInPeriod = inPeriod.at(-1);
  const covering = [...report.checkpoints.keys()].filter(
    (s) => lastInPeriod && s >= lastInPeriod.id && s <= report.lastId,
  );
  if (lastInPeriod && covering.length === 0)
    problems.push(
      `no signed checkpoint in the export covers the period's last entry ${lastInPeriod.id}: the entries cannot be shown to be the log's`,
    );
  return {
    ...report,
    ok: problems.length === 0,
    problems,
    header,
    inPeriod: inPeriod.length,
  };
}
