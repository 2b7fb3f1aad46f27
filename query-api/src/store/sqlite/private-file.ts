// A private file for SQLite to fill (its own module: the records writer thread needs it without the stores).
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

/**
 * Creates an empty file readable by its owner only, so that SQLite (which gives its -wal and -shm files the
 * database file's mode) never writes personal data into a world-readable file.
 */
export function createPrivateFile(path: string): void {
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  chmodSync(path, 0o600);
}
