// Writing the query log: one entry per disclosure, written before the answer leaves; refused attempts are
// logged too. If the entry cannot be written the caller gets LogUnavailableError and must disclose nothing.
import type { Channel } from '@consulta/shared';
import type { OperationalStore, QueryLogEntry } from '../store/types.ts';

export class LogUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the query log cannot be written', { cause });
  }
}

export interface LogFields {
  channel: Channel;
  clientId: string | null;
  role: string;
  actor: string;
  subject: string;
  resource: string;
  outcome: string;
}

export class QueryLog {
  readonly #ops: OperationalStore;
  readonly #now: () => Date;

  constructor(ops: OperationalStore, now: () => Date) {
    this.#ops = ops;
    this.#now = now;
  }

  /** Appends one entry; throws LogUnavailableError when the store refuses. */
  record(fields: LogFields): void {
    const entry: QueryLogEntry = {
      at: this.#now().toISOString(),
      channel: fields.channel,
      clientId: fields.clientId ?? 'web',
      role: fields.role,
      actor: fields.actor,
      subject: fields.subject,
      resource: fields.resource,
      outcome: fields.outcome,
    };
    try {
      this.#ops.appendQueryLog(entry);
    } catch (err) {
      throw new LogUnavailableError(err);
    }
  }
}
