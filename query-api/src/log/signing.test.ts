// The query log's signing key and checkpoints: the key file is created owner-only outside DATA_DIR and refused
// inside it or when others can read it; a signed checkpoint verifies with the public key only, and an edited one,
// one for another log or one signed by another key does not.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './chain.ts';
import {
  LogKeyError,
  loadSigningKey,
  readVerifierKey,
  signCheckpoint,
  signingKey,
  verifyCheckpoint,
} from './signing.ts';

let dir: string;
let dataDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'consulta-key-'));
  dataDir = join(dir, 'data');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the signing key', () => {
  it('is created on first start as an owner-only file in an owner-only folder, and read back the same', () => {
    const keyFile = join(dir, 'keys', 'query-log.key');
    const first = loadSigningKey({ keyFile, dataDir, create: true });
    expect(first.created).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(readFileSync(`${keyFile}.pub`, 'utf8')).toBe(first.key.verifier.pem);
    const again = loadSigningKey({ keyFile, dataDir, create: true });
    expect(again.created).toBe(false);
    expect(again.key.verifier.keyId.equals(first.key.verifier.keyId)).toBe(true);
    expect(again.key.macKey.equals(first.key.macKey)).toBe(true);
  });

  it('is refused inside DATA_DIR, when others can read it, or when missing and not to be created', () => {
    expect(() => loadSigningKey({ keyFile: join(dataDir, 'k.key'), dataDir, create: true })).toThrow(
      /inside DATA_DIR/,
    );
    expect(() => loadSigningKey({ keyFile: join(dataDir, 'sub', 'k.key'), dataDir, create: true })).toThrow(
      /inside DATA_DIR/,
    );
    const keyFile = join(dir, 'k.key');
    loadSigningKey({ keyFile, dataDir, create: true });
    chmodSync(keyFile, 0o644);
    expect(() => loadSigningKey({ keyFile, dataDir, create: false })).toThrow(/readable by others/);
    expect(() => loadSigningKey({ keyFile: join(dir, 'none.key'), dataDir, create: false })).toThrow(
      LogKeyError,
    );
  });

  it('can come from the environment instead (PEM), and refuses what is not an Ed25519 key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromEnv = loadSigningKey({
      keyText: pem,
      keyFile: join(dataDir, 'ignored'),
      dataDir,
      create: true,
    });
    expect(fromEnv.key.verifier.pem).toBe(signingKey(privateKey).verifier.pem);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const rsaPem = rsa.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadSigningKey({ keyText: rsaPem, keyFile: 'x', dataDir, create: false })).toThrow(
      /not an Ed25519/,
    );
  });
});

describe('checkpoints', () => {
  const key = signingKey(generateKeyPairSync('ed25519').privateKey);
  const other = signingKey(generateKeyPairSync('ed25519').privateKey);
  const checkpoint = {
    origin: 'consulta/query-log/0011223344556677',
    size: 42,
    hash: 'ab'.repeat(32),
    time: '2026-12-01T10:00:00.000Z',
  };

  it('are signed notes in the tlog-checkpoint shape that verify with the public key alone', () => {
    const note = signCheckpoint(key, checkpoint);
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      checkpoint.origin,
      '42',
      Buffer.from(checkpoint.hash, 'hex').toString('base64'),
      `time ${checkpoint.time}`,
    ]);
    expect(lines[4]).toBe('');
    expect(lines[5]).toMatch(/^\u2014 consulta-query-log [A-Za-z0-9+/]{91}=*$/);
    const pubFile = join(dir, 'pub.pem');
    writeFileSync(pubFile, key.verifier.pem);
    expect(verifyCheckpoint(readVerifierKey(pubFile), note, checkpoint.origin)).toEqual({
      ok: true,
      checkpoint,
    });
    expect(
      verifyCheckpoint(key.verifier, signCheckpoint(key, { ...checkpoint, size: 0, hash: GENESIS_HASH })).ok,
    ).toBe(true);
  });

  it('do not verify when edited, for another log, or signed by another key', () => {
    const note = signCheckpoint(key, checkpoint);
    const edited = note.replace('\n42\n', '\n41\n');
    expect(verifyCheckpoint(key.verifier, edited)).toMatchObject({ ok: false, reason: /edited/ });
    expect(verifyCheckpoint(key.verifier, note, 'consulta/query-log/ffffffffffffffff')).toMatchObject({
      ok: false,
      reason: /another log/,
    });
    expect(verifyCheckpoint(key.verifier, signCheckpoint(other, checkpoint))).toMatchObject({
      ok: false,
      reason: /another key/,
    });
    expect(verifyCheckpoint(key.verifier, 'garbage')).toMatchObject({ ok: false });
  });
});
