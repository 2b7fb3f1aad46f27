// For tests: one export loaded through the importer into either engine (the data folder's SQLite files, or the
// PostgreSQL database at `databaseUrl`), a sink wrapper optionally put between them (fault injection).
import { importExport } from '../interchange/importer.ts';
import type { RecordsSink } from '../interchange/sink.ts';
import { openLoadTarget } from './open.ts';

export async function loadExport(options: {
  dataDir: string;
  databaseUrl: string | undefined;
  from: string;
  /** How long the replaced records stay for readers (PostgreSQL). */
  dropPreviousAfterMs: number;
  reason: string;
  wrap?: (sink: RecordsSink) => RecordsSink;
}) {
  const { dataDir, databaseUrl, from, dropPreviousAfterMs, reason, wrap } = options;
  const target = await openLoadTarget({ dataDir, databaseUrl, dropPreviousAfterMs });
  try {
    return await importExport({
      from,
      sink: wrap ? wrap(target.sink) : target.sink,
      ops: target.ops,
      reason,
      who: 'test',
    });
  } finally {
    await target.close();
  }
}
