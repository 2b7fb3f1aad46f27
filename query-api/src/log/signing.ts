// The query log's signing key and its signed checkpoints. The key is an Ed25519 key (node:crypto) that never
// enters the database: it lives in a key file outside DATA_DIR (mode 0600, created on first start) or in an
// environment variable. From it come (1) the signatures on checkpoints, which anyone holding only the public key
// can check, and (2) a MAC key (HKDF) that keys every entry, so that the key holder can name the first entry an
// attacker rewrote even when the attacker recomputed the whole public hash chain.
//
// A checkpoint is a C2SP signed note in the tlog-checkpoint shape: origin line, entry count, head hash (base64),
// one extension line with the signing time, a blank line, and the signature line
// "— <key name> <base64(4-byte key id || Ed25519 signature)>". The hash is the head of the query log's hash
// chain (not a Merkle tree root). Pure functions and key loading only; no storage.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { GENESIS_HASH } from './chain.ts';

/** The name in every checkpoint's signature line (a signed note's key name: no spaces, no '+'). */
export const KEY_NAME = 'consulta-query-log';
/** The signed note's algorithm byte for Ed25519. */
const ED25519_ALG = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

export class LogKeyError extends Error {}

/** The private half, for the API and the key holder's verify-log. */
export interface LogSigningKey {
  privateKey: KeyObject;
  verifier: LogVerifierKey;
  /** Keys every entry's MAC (derived from the private key, never stored). */
  macKey: Buffer;
}

/** The public half: all a supervisor needs to check checkpoints. */
export interface LogVerifierKey {
  publicKey: KeyObject;
  /** The signed note key id: SHA-256(name "\n" 0x01 public key)[0:4]. */
  keyId: Buffer;
  /** The public key as SPKI PEM (what `npm run ops -- public-key` prints). */
  pem: string;
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new LogKeyError('the query log key is not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function verifierKey(publicKey: KeyObject): LogVerifierKey {
  const raw = rawPublicKey(publicKey);
  const keyId = createHash('sha256')
    .update(`${KEY_NAME}\n`)
    .update(Buffer.from([ED25519_ALG]))
    .update(raw)
    .digest()
    .subarray(0, 4);
  return { publicKey, keyId, pem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

export function signingKey(privateKey: KeyObject): LogSigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new LogKeyError('the query log key is not an Ed25519 private key');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const macKey = Buffer.from(hkdfSync('sha256', der, 'consulta', 'query-log entry MAC v1', 32));
  return { privateKey, verifier: verifierKey(createPublicKey(privateKey)), macKey };
}

/** Reads a public key file (SPKI PEM, as `ops public-key` prints it). */
export function readVerifierKey(path: string): LogVerifierKey {
  let key: KeyObject;
  try {
    key = createPublicKey(readFileSync(path));
  } catch (err) {
    throw new LogKeyError(`cannot read the public key ${path}: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new LogKeyError(`${path} is not an Ed25519 public key`);
  return verifierKey(key);
}

function parsePrivateKey(text: string, where: string): KeyObject {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('-----')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return key;
  } catch (err) {
    throw new LogKeyError(`${where} is not an Ed25519 private key (PKCS#8 PEM): ${(err as Error).message}`);
  }
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export interface KeySource {
  /** The key itself (PKCS#8 PEM, or its base64 DER) from the environment: wins over the file. */
  keyText?: string | undefined;
  /** The key file (created when missing and `create` is set). */
  keyFile: string;
  /** DATA_DIR: the key must not be kept in it (a copy of the data must not carry the key). */
  dataDir: string;
  /** Create the key file on first start (the API); the ops CLI only reads. */
  create: boolean;
}

/**
 * Loads the signing key from the environment or the key file, creating the file (mode 0600, folder 0700) when
 * it is missing and `create` is set. Refuses a key file inside DATA_DIR or readable by group or others.
 */
export function loadSigningKey(source: KeySource): { key: LogSigningKey; created: boolean } {
  if (source.keyText?.trim())
    return { key: signingKey(parsePrivateKey(source.keyText, 'LOG_SIGNING_KEY')), created: false };
  const file = resolve(source.keyFile);
  const dataDir = real(source.dataDir);
  if (inside(dataDir, real(dirname(file))) || inside(dataDir, file)) {
    throw new LogKeyError(
      `the query log signing key ${file} is inside DATA_DIR (${dataDir}): keep it on another disk or folder (LOG_SIGNING_KEY_FILE)`,
    );
  }
  let created = false;
  if (!existsSync(file)) {
    if (!source.create)
      throw new LogKeyError(
        `no query log signing key at ${file} (start the API once, or set LOG_SIGNING_KEY_FILE)`,
      );
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    // 'wx': never overwrite a key another process created meanwhile.
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return loadSigningKey({ ...source, create: false });
    }
    try {
      writeSync(fd, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    } finally {
      closeSync(fd);
    }
    const pubFd = openSync(`${file}.pub`, 'w', 0o644);
    try {
      writeSync(pubFd, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    } finally {
      closeSync(pubFd);
    }
    created = true;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new LogKeyError(
      `the query log signing key ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 ${file}`,
    );
  }
  return { key: signingKey(parsePrivateKey(readFileSync(file, 'utf8'), file)), created };
}

/** What a checkpoint says: the log had `size` entries, the last one with hash `hash`, at `time`. */
export interface Checkpoint {
  origin: string;
  size: number;
  /** Hex SHA-256 head of the hash chain (GENESIS_HASH for size 0). */
  hash: string;
  /** ISO time of signing. */
  time: string;
}

export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${Buffer.from(c.hash, 'hex').toString('base64')}\ntime ${c.time}\n`;
}

/** Signs a checkpoint: the signed note text. */
export function signCheckpoint(key: LogSigningKey, c: Checkpoint): string {
  const body = checkpointBody(c);
  const signature = sign(null, Buffer.from(body), key.privateKey);
  const blob = Buffer.concat([key.verifier.keyId, signature]).toString('base64');
  return `${body}\n${SIGNATURE_PREFIX}${KEY_NAME} ${blob}\n`;
}

export type CheckpointCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

/** Parses and verifies a signed note; `origin` (when given) must match. */
export function verifyCheckpoint(key: LogVerifierKey, note: string, origin?: string): CheckpointCheck {
  const split = note.indexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'not a signed note' };
  const body = note.slice(0, split + 1);
  const lines = body.slice(0, -1).split('\n');
  const [o, sizeText, hashText, ...extensions] = lines;
  if (
    o === undefined ||
    sizeText === undefined ||
    hashText === undefined ||
    !/^(0|[1-9]\d{0,15})$/.test(sizeText)
  )
    return { ok: false, reason: 'not a checkpoint (origin, size, hash)' };
  const hash = Buffer.from(hashText, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== hashText)
    return { ok: false, reason: 'the hash line is not a base64 SHA-256' };
  const timeLine = extensions.find((l) => l.startsWith('time '));
  const time = timeLine?.slice(5) ?? '';
  if (!time || Number.isNaN(Date.parse(time))) return { ok: false, reason: 'no time line' };
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l.length > 0);
  let named = false;
  for (const line of signatures) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return { ok: false, reason: 'malformed signature line' };
    const [name, blobText] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (name !== KEY_NAME || !blobText) continue;
    named = true;
    const blob = Buffer.from(blobText, 'base64');
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(key.keyId)) continue;
    if (verify(null, Buffer.from(body), key.publicKey, blob.subarray(4))) {
      if (origin !== undefined && o !== origin) return { ok: false, reason: `signed for another log (${o})` };
      return {
        ok: true,
        checkpoint: { origin: o, size: Number(sizeText), hash: hash.toString('hex'), time },
      };
    }
    return { ok: false, reason: 'the signature does not match (edited checkpoint)' };
  }
  return {
    ok: false,
    reason: named ? 'signed by another key (not the query log key)' : 'no signature by the query log key',
  };
}

/** The checkpoint of an empty log. */
export function emptyHead(): { size: number; hash: string } {
  return { size: 0, hash: GENESIS_HASH };
}
