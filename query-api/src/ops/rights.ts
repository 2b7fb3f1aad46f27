// Operator commands for the person's rights: requests to check the record (list, show, review, resolve) and
// the one-time PIN at the counter. Every change writes a maintenance-log entry; looking at a person's request
// or resetting their PIN is also a query-log entry (the person sees "agency staff" in who looked at my record).
import { randomInt } from 'node:crypto';
import {
  REQUEST_OUTCOMES,
  REQUEST_STATUSES,
  maskNationalId,
  normalizeNationalId,
  pinWeakness,
  type RequestStatus,
} from '@consulta/shared';
import { hashSecret } from '../auth/secrets.ts';
import type { Stores } from '../store/open.ts';
import type { RequestRow } from '../store/rights-types.ts';
import type { OperationalStore } from '../store/types.ts';

export class RightsUsageError extends Error {}

export interface RightsOpsContext {
  sub: string | undefined;
  arg: string | undefined;
  values: {
    status?: string | undefined;
    outcome?: string | undefined;
    answer?: string | undefined;
    limit?: string | undefined;
  };
  /** The stores, the operational one with the query log's MAC key (the entries verify like the API's). */
  openLogged(): Promise<Stores>;
  who: string;
  ops: OperationalStore;
  requireReason(): string;
  record(what: string, why: string): Promise<void>;
  out(line: string): void;
}

/** The entry a counter action writes in the query log (channel counter, role agency), MAC-keyed like the API's. */
async function agencyEntry(
  ops: OperationalStore,
  who: string,
  subject: string,
  resource: string,
): Promise<void> {
  await ops.appendQueryLog({
    at: new Date().toISOString(),
    channel: 'counter',
    clientId: 'ops-cli',
    role: 'agency',
    actor: `operator:${who}`,
    subject,
    resource,
    outcome: 'ok',
  });
}

function line(r: RequestRow): string {
  const about =
    r.kind === 'callback' ? `call back (${r.topic ?? '-'}, ${r.language ?? '-'})` : (r.category ?? '-');
  return `${r.reference}\t${r.status}\t${r.createdAt}\t${r.kind}\t${about}\t${r.channel}`;
}

/** A random 6-digit PIN that passes the PIN rules (no birth date, no run, not six equal digits). */
function oneTimePin(nationalId: string): string {
  for (;;) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (!pinWeakness(pin, nationalId)) return pin;
  }
}

export async function runRequestsCommand(ctx: RightsOpsContext): Promise<number> {
  const stores = await ctx.openLogged();
  const { rights } = stores;
  try {
    const { sub, arg, values } = ctx;
    if (sub === 'list') {
      const status = values.status;
      if (status !== undefined && !(REQUEST_STATUSES as readonly string[]).includes(status))
        throw new RightsUsageError(`--status must be one of ${REQUEST_STATUSES.join(', ')}`);
      const limit = values.limit ? Number(values.limit) : 100;
      if (!Number.isInteger(limit) || limit < 1)
        throw new RightsUsageError('--limit must be a positive whole number');
      const rows = await rights.listRequests({
        ...(status ? { status: status as RequestStatus } : {}),
        limit,
      });
      ctx.out('reference\tstatus\tfiled\tkind\tabout\tchannel');
      for (const r of rows) ctx.out(line(r));
      ctx.out(`${rows.length} request(s)`);
      return 0;
    }
    if (!arg || !/^\d{9}$/.test(arg))
      throw new RightsUsageError(`requests ${sub ?? ''} needs a 9-digit reference`);
    const row = await rights.request(arg);
    if (!row) throw new RightsUsageError(`no request ${arg}`);
    const subject = row.personId === null ? '-' : `person:${row.personId}`;
    if (sub === 'show') {
      await agencyEntry(stores.ops, ctx.who, subject, 'requests/show');
      ctx.out(line(row));
      if (row.personId !== null) ctx.out(`person: ${subject}`);
      if (row.months.length) ctx.out(`months: ${row.months.join(', ')}`);
      if (row.description) ctx.out(`description: ${row.description}`);
      if (row.callbackPhone) ctx.out(`call back: ${row.callbackPhone}`);
      ctx.out(`filed by: ${row.filedBy}; updated ${row.updatedAt}`);
      if (row.answer) ctx.out(`answer: ${row.answer}`);
      return 0;
    }
    if (sub === 'review' || sub === 'resolve') {
      const why = ctx.requireReason();
      if (row.status === 'corrected' || row.status === 'rejected')
        throw new RightsUsageError(`request ${arg} is already ${row.status}`);
      let status: RequestStatus = 'in_review';
      let answer: string | null = row.answer;
      if (sub === 'resolve') {
        const outcome = values.outcome;
        if (!outcome || !(REQUEST_OUTCOMES as readonly string[]).includes(outcome))
          throw new RightsUsageError('requests resolve needs --outcome corrected|rejected');
        answer = values.answer?.trim() ?? '';
        if (!answer) throw new RightsUsageError('requests resolve needs --answer "what the person is told"');
        if (answer.length > 2000) throw new RightsUsageError('--answer is at most 2000 characters');
        status = outcome as RequestStatus;
      }
      await rights.updateRequest(arg, status, answer, new Date().toISOString());
      await agencyEntry(stores.ops, ctx.who, subject, `requests/${sub}`);
      await ctx.record(`request ${arg}: ${row.status} -> ${status}`, why);
      ctx.out(`request ${arg} is now ${status}`);
      return 0;
    }
    throw new RightsUsageError('requests needs list, show, review or resolve');
  } finally {
    await stores.close();
  }
}

export async function runPinCommand(ctx: RightsOpsContext): Promise<number> {
  if (ctx.sub !== 'reset') throw new RightsUsageError('pin needs reset NATIONAL_ID --reason TEXT');
  const nationalId = normalizeNationalId(ctx.arg ?? '');
  if (!nationalId) throw new RightsUsageError('pin reset needs a valid NATIONAL_ID');
  const why = ctx.requireReason();
  const stores = await ctx.openLogged();
  const { records, rights } = stores;
  try {
    const personId = await records.personIdByNationalId(nationalId);
    if (personId === null || !(await records.findPersonCredential(nationalId)))
      throw new RightsUsageError('no insured person with that ID number can log in');
    const pin = oneTimePin(nationalId);
    const at = new Date().toISOString();
    await rights.setPin({ personId, pinHash: await hashSecret(pin), oneTime: true, usedAt: null, setAt: at });
    // Sessions opened before the reset end now: whoever held them must log in with the new PIN.
    await rights.endSessionsOf(personId);
    await agencyEntry(stores.ops, ctx.who, `person:${personId}`, 'pin/reset');
    await ctx.record(`one-time PIN issued for person:${personId} (${maskNationalId(nationalId)})`, why);
    ctx.out(`One-time PIN for ${maskNationalId(nationalId)}: ${pin}`);
    ctx.out('It works once, on a kiosk or the website, and must be changed there at once.');
    return 0;
  } finally {
    await stores.close();
  }
}
