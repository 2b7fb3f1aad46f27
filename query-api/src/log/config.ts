// Where the query log's signing key and checkpoint witness live, from the environment (the API, `npm start` and
// the ops CLI read the same variables): LOG_SIGNING_KEY (the key itself), LOG_SIGNING_KEY_FILE, CHECKPOINT_DIR,
// CHECKPOINT_EVERY_ENTRIES, CHECKPOINT_EVERY_SECONDS. The defaults sit in the repository, beside and not inside
// the default DATA_DIR; a real deployment points them at another disk.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHECKPOINT_POLICY, type CheckpointPolicy } from './checkpoints.ts';

export interface QueryLogConfig {
  /** The key itself (PKCS#8 PEM or its base64 DER); wins over keyFile. */
  keyText?: string | undefined;
  keyFile: string;
  checkpointDir: string;
  policy: CheckpointPolicy;
}

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export const DEFAULT_KEY_FILE = join(repoRoot, 'keys', 'query-log.key');
export const DEFAULT_CHECKPOINT_DIR = join(repoRoot, 'checkpoints');

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return value;
}

export function queryLogConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueryLogConfig {
  return {
    keyText: env['LOG_SIGNING_KEY'] || undefined,
    keyFile: resolve(env['LOG_SIGNING_KEY_FILE'] || DEFAULT_KEY_FILE),
    checkpointDir: resolve(env['CHECKPOINT_DIR'] || DEFAULT_CHECKPOINT_DIR),
    policy: {
      everyEntries: positive(env, 'CHECKPOINT_EVERY_ENTRIES', DEFAULT_CHECKPOINT_POLICY.everyEntries),
      everySeconds: positive(env, 'CHECKPOINT_EVERY_SECONDS', DEFAULT_CHECKPOINT_POLICY.everySeconds),
    },
  };
}
