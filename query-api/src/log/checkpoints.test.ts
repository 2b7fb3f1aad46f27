// The checkpoint policy against a real operational store: one signed checkpoint at start, then at least every N
// entries and every M seconds while the log grows (none while it is idle), one per group-commit batch at most
// (signatures per checkpoint, never per entry), and each kept both in the store and in the witness file.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import type { OperationalStore } from '../store/types.ts';
import { entryMac, verifyChain } from './chain.ts';
import { Checkpointer, logOrigin, readWitness, witnessPath } from './checkpoints.ts';
import { QueryLog } from './query-log.ts';
import { signingKey, verifyCheckpoint } from './signing.ts';
import { verifyLog } from './verify.ts';

const key = signingKey(generateKeyPairSync('ed25519').privateKey);
let dir: string;
let ops: OperationalStore;

const fields = (i: number) => ({
  channel: 'kiosk' as const,
  clientId: 'kiosk-1',
  role: 'insured',
  actor: `person:${i}`,
  subject: `person:${i}`,
  resource: 'me/summary',
  outcome: 'ok',
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consulta-checkpoints-'));
  ops = openSqliteOperationalStore({
    path: join(dir, 'operational.sqlite'),
    create: true,
    logMacKey: key.macKey,
  });
});
afterEach(() => {
  vi.useRealTimers();
  ops.close();
  rmSync(dir, { recursive: true, force: true });
});

function checkpointer(everyEntries: number, everySeconds: number): Checkpointer {
  return new Checkpointer({
    store: ops,
    key,
    origin: logOrigin(ops),
    checkpointDir: join(dir, 'checkpoints'),
    policy: { everyEntries, everySeconds },
    onError: (message) => {
      throw new Error(message);
    },
  });
}

const sizes = () => ops.listLogCheckpoints().map((c) => c.size);

describe('the checkpointer', () => {
  it('signs at start, every N entries, every M seconds while the log grows, and at stop', () => {
    vi.useFakeTimers();
    const checkpoints = checkpointer(5, 10);
    checkpoints.start();
    const log = new QueryLog(ops, () => new Date(), { checkpoints });
    for (let i = 0; i < 12; i++) log.record(fields(i));
    expect(sizes()).toEqual([0, 5, 10]);
    vi.advanceTimersByTime(10_000);
    expect(sizes()).toEqual([0, 5, 10, 12]);
    // Idle: no new checkpoint.
    vi.advanceTimersByTime(30_000);
    expect(sizes()).toEqual([0, 5, 10, 12]);
    log.record(fields(12));
    checkpoints.stop();
    expect(sizes()).toEqual([0, 5, 10, 12, 13]);

    // The witness file holds the very same notes, each verifying with the public key.
    const witness = readWitness(witnessPath(join(dir, 'checkpoints')));
    expect(witness.notes).toEqual(ops.listLogCheckpoints().map((c) => c.note));
    for (const note of witness.notes)
      expect(verifyCheckpoint(key.verifier, note, logOrigin(ops)).ok).toBe(true);
  });

  it('signs once per group-commit batch at most, and keys every entry', async () => {
    const checkpoints = checkpointer(5, 3600);
    checkpoints.start();
    const log = new QueryLog(ops, () => new Date(), { groupCommit: true, checkpoints });
    const mark = log.mark();
    for (let i = 0; i < 23; i++) log.record(fields(i));
    await log.written(mark);
    expect(sizes()).toEqual([0, 23]);
    const entries = [...ops.iterateQueryLog()];
    expect(verifyChain(entries).ok).toBe(true);
    for (const e of entries) expect(e.mac).toBe(entryMac(key.macKey, e.hash));
    const report = verifyLog({
      entries,
      checkpoints: ops.listLogCheckpoints().map((c, i) => ({ note: c.note, source: `#${i}` })),
      key: key.verifier,
      macKey: key.macKey,
      origin: logOrigin(ops),
    });
    expect(report).toMatchObject({ ok: true, count: 23, problems: [] });
    checkpoints.stop();
  });

  it('reports a witness it cannot write without failing the entries already written', () => {
    const messages: string[] = [];
    const checkpoints = new Checkpointer({
      store: ops,
      key,
      origin: logOrigin(ops),
      // A file where the folder should be: the witness cannot be created.
      checkpointDir: join(dir, 'operational.sqlite'),
      policy: { everyEntries: 2, everySeconds: 3600 },
      onError: (m) => messages.push(m),
    });
    const log = new QueryLog(ops, () => new Date(), { checkpoints });
    log.record(fields(1));
    log.record(fields(2));
    expect([...ops.iterateQueryLog()]).toHaveLength(2);
    expect(messages.join('\n')).toMatch(/witness file .* cannot be written/);
    expect(sizes().length).toBeGreaterThan(0);
  });
});
