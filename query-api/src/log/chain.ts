// The query log's hash chain: each entry's hash covers the previous entry's hash and the entry's own fields,
// so editing, deleting or reordering any entry breaks every hash after it. Pure functions, no storage.
import { createHash, createHmac } from 'node:crypto';
import type { QueryLogEntry, StoredQueryLogEntry } from '../store/types.ts';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Fields in a fixed order; the id is included so that an entry cannot be moved. */
export function canonicalEntry(id: number, entry: QueryLogEntry): string {
  return JSON.stringify([
    id,
    entry.at,
    entry.channel,
    entry.clientId,
    entry.role,
    entry.actor,
    entry.subject,
    entry.resource,
    entry.outcome,
  ]);
}

export function entryHash(prevHash: string, id: number, entry: QueryLogEntry): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(id, entry)).digest('hex');
}

/**
 * The entry's MAC under the key derived from the log's signing key: only the key holder can compute it, so an
 * attacker who recomputes the public chain cannot recompute the MACs (the hash already covers id, fields and
 * the previous hash).
 */
export function entryMac(macKey: Buffer, hash: string): string {
  return createHmac('sha256', macKey).update(hash).digest('hex');
}

export interface ChainVerification {
  ok: boolean;
  /** Entries checked. */
  count: number;
  /** The first entry that does not verify, and why. */
  firstBroken?: { id: number; reason: string };
}

/**
 * Verifies entries in id order. Detects edited fields (hash mismatch), deleted entries (a gap in ids or a
 * prev_hash that is not the previous entry's hash) and a removed head (the first entry must have id 1).
 */
export async function verifyChain(
  entries: Iterable<StoredQueryLogEntry> | AsyncIterable<StoredQueryLogEntry>,
): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  for await (const e of entries) {
    if (e.id !== expectedId) {
      return {
        ok: false,
        count,
        firstBroken: { id: e.id, reason: `expected entry ${expectedId} (deleted entries)` },
      };
    }
    if (e.prevHash !== prevHash) {
      return {
        ok: false,
        count,
        firstBroken: { id: e.id, reason: 'prev_hash is not the previous entry hash' },
      };
    }
    if (entryHash(prevHash, e.id, e) !== e.hash) {
      return {
        ok: false,
        count,
        firstBroken: { id: e.id, reason: 'hash does not match the entry (edited)' },
      };
    }
    prevHash = e.hash;
    expectedId++;
    count++;
  }
  return { ok: true, count };
}
