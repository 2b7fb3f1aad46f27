// The checkpoint policy against a real operational store: one signed checkpoint at start, then at least every N
// entries and every M seconds while the log grows (none while it is idle), one per group-commit batch at most
// (signatures per checkpoint, never per entry), and each kept both in the store and in the witness file.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import type { OperationalStore, StoredQueryLogEntry } from '../store/types.ts';
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
afterEach(async () => {
  vi.useRealTimers();
  await ops.close();
  rmSync(dir, { recursive: true, force: true });
});

async function checkpointer(everyEntries: number, everySeconds: number): Promise<Checkpointer> {
  return new Checkpointer({
    store: ops,
    key,
    origin: await logOrigin(ops),
    checkpointDir: join(dir, 'checkpoints'),
    policy: { everyEntries, everySeconds },
    onError: (message) => {
      throw new Error(message);
    },
  });
}

const sizes = async () => (await ops.listLogCheckpoints()).map((c) => c.size);

async function entries(): Promise<StoredQueryLogEntry[]> {
  const out: StoredQueryLogEntry[] = [];
  for await (const e of ops.iterateQueryLog()) out.push(e);
  return out;
}

describe('the checkpointer', () => {
  it('signs at start, every N entries, every M seconds while the log grows, and at stop', async () => {
    vi.useFakeTimers();
    const checkpoints = await checkpointer(5, 10);
    await checkpoints.start();
    const log = new QueryLog(ops, () => new Date(), { checkpoints });
    const mark = log.mark();
    for (let i = 0; i < 12; i++) log.record(fields(i));
    await log.written(mark);
    await checkpoints.idle();
    expect(await sizes()).toEqual([0, 5, 10]);
    await vi.advanceTimersByTimeAsync(10_000);
    await checkpoints.idle();
    expect(await sizes()).toEqual([0, 5, 10, 12]);
    // Idle: no new checkpoint.
    await vi.advanceTimersByTimeAsync(30_000);
    await checkpoints.idle();
    expect(await sizes()).toEqual([0, 5, 10, 12]);
    await log.append(fields(12));
    await checkpoints.stop();
    expect(await sizes()).toEqual([0, 5, 10, 12, 13]);

    // The witness file holds the very same notes, each verifying with the public key.
    const witness = readWitness(witnessPath(join(dir, 'checkpoints')));
    expect(witness.notes).toEqual((await ops.listLogCheckpoints()).map((c) => c.note));
    const origin = await logOrigin(ops);
    for (const note of witness.notes) expect(verifyCheckpoint(key.verifier, note, origin).ok).toBe(true);
  });

  it('keeps its notes in the order of the heads they sign when a timed checkpoint meets appends', async () => {
    // A store slow to answer the head (as a server database may be): a timed checkpoint still reading it must
    // not sign its older head after a checkpoint of a newer one.
    const slow = Object.create(ops) as OperationalStore;
    slow.queryLogHead = async () => {
      const head = await ops.queryLogHead();
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 5));
      return head;
    };
    const checkpoints = new Checkpointer({
      store: slow,
      key,
      origin: await logOrigin(ops),
      checkpointDir: join(dir, 'checkpoints'),
      policy: { everyEntries: 3, everySeconds: 3600 },
      onError: (message) => {
        throw new Error(message);
      },
    });
    await checkpoints.start();
    const log = new QueryLog(ops, () => new Date(), { checkpoints });
    const mark = log.mark();
    for (let i = 0; i < 10; i++) {
      log.record(fields(i));
      void checkpoints.checkpoint();
    }
    await log.written(mark);
    await checkpoints.stop();
    const kept = await sizes();
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept.at(-1)).toBe(10);
    expect(readWitness(witnessPath(join(dir, 'checkpoints'))).notes).toEqual(
      (await ops.listLogCheckpoints()).map((c) => c.note),
    );
  });

  it('signs once per group-commit batch at most, and keys every entry', async () => {
    const checkpoints = await checkpointer(5, 3600);
    await checkpoints.start();
    const log = new QueryLog(ops, () => new Date(), { groupCommit: true, checkpoints });
    const mark = log.mark();
    for (let i = 0; i < 23; i++) log.record(fields(i));
    await log.written(mark);
    await checkpoints.idle();
    expect(await sizes()).toEqual([0, 23]);
    const written = await entries();
    expect((await verifyChain(written)).ok).toBe(true);
    for (const e of written) expect(e.mac).toBe(entryMac(key.macKey, e.hash));
    const report = await verifyLog({
      entries: written,
      checkpoints: (await ops.listLogCheckpoints()).map((c, i) => ({ note: c.note, source: `#${i}` })),
      key: key.verifier,
      macKey: key.macKey,
      origin: await logOrigin(ops),
    });
    expect(report).toMatchObject({ ok: true, count: 23, problems: [] });
    await checkpoints.stop();
  });

  it('reports a witness it cannot write without failing the entries already written', async () => {
    const messages: string[] = [];
    const checkpoints = new Checkpointer({
      store: ops,
      key,
      origin: await logOrigin(ops),
      // A file where the folder should be: the witness cannot be created.
      checkpointDir: join(dir, 'operational.sqlite'),
      policy: { everyEntries: 2, everySeconds: 3600 },
      onError: (m) => messages.push(m),
    });
    const log = new QueryLog(ops, () => new Date(), { checkpoints });
    await log.append(fields(1));
    await log.append(fields(2));
    await checkpoints.idle();
    expect(await entries()).toHaveLength(2);
    expect(messages.join('\n')).toMatch(/witness file .* cannot be written/);
    expect((await sizes()).length).toBeGreaterThan(0);
  });
});
