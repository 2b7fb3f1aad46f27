// The operational store for a command that writes query-log entries outside the API (the counter's PIN reset,
// an operator looking at a request, the statements batch): opened with the query log's MAC key, read like the
// API reads it (LOG_SIGNING_KEY or LOG_SIGNING_KEY_FILE), so that its entries verify like the API's.
import { dirname } from 'node:path';
import { queryLogConfigFromEnv } from '../log/config.ts';
import { loadSigningKey } from '../log/signing.ts';
import { openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import type { OperationalStore } from '../store/types.ts';

export function openLoggedOps(opsPath: string): OperationalStore {
  const config = queryLogConfigFromEnv();
  const { key } = loadSigningKey({
    keyText: config.keyText,
    keyFile: config.keyFile,
    dataDir: dirname(opsPath),
    create: false,
  });
  return openSqliteOperationalStore({ path: opsPath, logMacKey: key.macKey });
}
