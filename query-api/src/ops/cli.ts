// The operator's commands (`npm run ops -- <command>`): verify and export the query log, check both databases,
// back up and restore the operational store, manage registered clients, read the maintenance log. Every command
// that changes something writes a maintenance-log entry (time, what, why, method, who).
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { newClientKey } from '../auth/clients.ts';
import { verifyChain } from '../log/chain.ts';
import { queryLogConfigFromEnv } from '../log/config.ts';
import { LogKeyError, loadSigningKey } from '../log/signing.ts';
import { createPrivateFile, openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import { openStores, storeConfigFromEnv, type Stores } from '../store/open.ts';
import type { OperationalStore } from '../store/types.ts';
import { PgToolMissing, pgBackup, pgCheck, BackupRefused, pgRestore } from './pg-commands.ts';
import { RightsUsageError, runPinCommand, runRequestsCommand, type RightsOpsContext } from './rights.ts';
import {
  LogCommandError,
  exportLogCommand,
  publicKeyCommand,
  verifyExportCommand,
  verifyLogCommand,
  type LogIo,
} from './log-commands.ts';

const USAGE = `Usage: npm run ops -- <command> [options]   (options: --data-dir DIR, default $DATA_DIR or data/)

  verify-log [--public-key FILE] [--witness FILE]...
                                               verify the query log: hash chain, every entry's MAC, the signed
                                               checkpoints in the database and the witness file (exit 1 if broken)
  export-log --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]
                                               a period of the log as JSON lines with the signed checkpoints
                                               that prove it (for the supervisor; exit 1 if it cannot be written)
  verify-export FILE --public-key FILE         verify an export anywhere with only the public key
  public-key                                   print the query log's public key (give it to the supervisor)
  check                                        PRAGMA integrity_check on both databases; on PostgreSQL
                                               (DATABASE_URL): row counts, amcheck's bt_index_check, the log chain
  backup --to FILE [--reason TEXT]             online backup of the operational store (PostgreSQL: pg_dump)
  restore --from FILE --reason TEXT            replace the operational store (stop the API first;
                                               PostgreSQL: pg_restore in one transaction)
  clients list
  clients add --channel kiosk|phone --description TEXT --reason TEXT   prints the new key once
  clients revoke CLIENT_ID --reason TEXT
  maintenance-log                              list the maintenance log
  requests list [--status received|in_review|corrected|rejected] [--limit N]
  requests show REF                            one request (logged as agency staff looking)
  requests review REF --reason TEXT            mark a request in review
  requests resolve REF --outcome corrected|rejected --answer TEXT --reason TEXT
                                               the person sees the answer on their next visit
  pin reset NATIONAL_ID --reason TEXT          prints a one-time PIN (works once, changed at first use)

  Changing commands take --operator NAME (default: the OS user) and require --reason.
  The log commands read LOG_SIGNING_KEY / LOG_SIGNING_KEY_FILE and CHECKPOINT_DIR as the API does
  (or --key-file FILE, --checkpoint-dir DIR).`;

export class UsageError extends Error {}

type Io = LogIo;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function defaultDataDir(): string {
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  return resolve(process.env['DATA_DIR'] || join(repoRoot, 'data'));
}

/** Runs one command; returns the exit code. */
export async function runOps(
  argv: string[],
  io: Io = { out: console.log, err: console.error },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      reason: { type: 'string' },
      operator: { type: 'string' },
      channel: { type: 'string' },
      description: { type: 'string' },
      'key-file': { type: 'string' },
      'checkpoint-dir': { type: 'string' },
      'public-key': { type: 'string' },
      witness: { type: 'string', multiple: true },
      help: { type: 'boolean' },
      status: { type: 'string' },
      outcome: { type: 'string' },
      answer: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const opsPath = join(dataDir, 'operational.sqlite');
  const recordsPath = join(dataDir, 'records.sqlite');
  const who = values.operator ?? userInfo().username;
  const requireReason = (): string => {
    if (!values.reason?.trim())
      throw new UsageError('--reason is required for a command that changes something');
    return values.reason.trim();
  };
  // The stores as the API opens them (store/open.ts): PostgreSQL with DATABASE_URL, else SQLite under DATA_DIR.
  const storeConfig = storeConfigFromEnv(dataDir);
  const onPostgres = storeConfig.databaseUrl !== undefined;
  const openAll = async (): Promise<Stores> => {
    if (!onPostgres && !existsSync(opsPath))
      throw new UsageError(`no operational store at ${opsPath} (run \`npm run data:demo\`)`);
    return openStores({ ...storeConfig, poolMax: 2 });
  };
  /** The operational store alone; closing it closes everything openAll opened. */
  const openOps = async (): Promise<OperationalStore> => {
    const stores = await openAll();
    return { ...stores.ops, close: () => stores.close() };
  };
  const logConfig = queryLogConfigFromEnv();
  if (values['key-file']) {
    logConfig.keyFile = resolve(values['key-file']);
    logConfig.keyText = undefined;
  }
  if (values['checkpoint-dir']) logConfig.checkpointDir = resolve(values['checkpoint-dir']);
  const logCtx = { config: logConfig, dataDir, openOps, io };
  const record = (ops: OperationalStore, what: string, why: string): Promise<void> =>
    ops.addMaintenance({ at: new Date().toISOString(), what, why, method: `ops CLI: ${command}`, who });

  switch (command) {
    case 'verify-log':
      return verifyLogCommand(logCtx, {
        publicKeyFile: values['public-key'],
        extraWitness: values.witness ?? [],
      });

    case 'export-log': {
      const from = values.from;
      const to = values.to;
      if (!from || !to || !DATE.test(from) || !DATE.test(to) || from > to) {
        throw new UsageError('export-log needs --from YYYY-MM-DD --to YYYY-MM-DD (from not after to)');
      }
      return exportLogCommand(logCtx, { from, to, out: values.out });
    }

    case 'verify-export': {
      if (!sub) throw new UsageError('verify-export needs the export FILE');
      if (!values['public-key']) throw new UsageError('verify-export needs --public-key FILE');
      return verifyExportCommand(io, sub, values['public-key']);
    }

    case 'public-key':
      return publicKeyCommand(logCtx);

    case 'check': {
      if (storeConfig.databaseUrl) {
        const url = storeConfig.databaseUrl;
        const ops = await openOps();
        try {
          return (await pgCheck(url, ops, io)) ? 0 : 1;
        } finally {
          await ops.close();
        }
      }
      let ok = true;
      for (const [name, path] of [
        ['records', recordsPath],
        ['operational', opsPath],
      ] as const) {
        if (!existsSync(path)) {
          io.err(`${name}: missing (${path})`);
          ok = false;
          continue;
        }
        const db = new Database(path, { readonly: true, fileMustExist: true });
        try {
          const rows = db.pragma('integrity_check') as { integrity_check: string }[];
          const result = rows.map((r) => r.integrity_check).join('; ');
          io.out(`${name}: ${result}`);
          if (result !== 'ok') ok = false;
        } finally {
          db.close();
        }
      }
      return ok ? 0 : 1;
    }

    case 'backup': {
      const target = values.to;
      if (!target) throw new UsageError('backup needs --to FILE');
      if (storeConfig.databaseUrl) {
        const ops = await openOps();
        try {
          await record(
            ops,
            `backup of the operational tables to ${resolve(target)} (pg_dump)`,
            values.reason?.trim() || 'backup',
          );
        } finally {
          await ops.close();
        }
        // The backup holds what the store holds: owner-only from its first byte.
        createPrivateFile(resolve(target));
        chmodSync(resolve(target), 0o600);
        await pgBackup(storeConfig.databaseUrl, resolve(target));
        io.out(`operational store backed up to ${resolve(target)} (pg_dump, custom format)`);
        return 0;
      }
      if (!existsSync(opsPath)) throw new UsageError(`no operational store at ${opsPath}`);
      // The entry is written first so that the backup carries it too.
      const ops = await openOps();
      try {
        await record(
          ops,
          `backup of the operational store to ${resolve(target)}`,
          values.reason?.trim() || 'backup',
        );
      } finally {
        await ops.close();
      }
      const db = new Database(opsPath, { readonly: true, fileMustExist: true });
      try {
        // The backup holds what the store holds: owner-only from its first byte.
        createPrivateFile(resolve(target));
        chmodSync(resolve(target), 0o600);
        await db.backup(resolve(target));
      } finally {
        db.close();
      }
      io.out(`operational store backed up to ${resolve(target)}`);
      return 0;
    }

    case 'restore': {
      const source = values.from;
      if (!source || !existsSync(source))
        throw new UsageError('restore needs --from FILE (an existing backup)');
      const why = requireReason();
      if (storeConfig.databaseUrl) {
        // Checked in a scratch database first: a backup whose log is broken is refused, nothing replaced.
        try {
          await pgRestore(storeConfig.databaseUrl, resolve(source));
        } catch (err) {
          if (err instanceof BackupRefused) throw new UsageError(err.message);
          throw err;
        }
        const ops = await openOps();
        try {
          const chain = await verifyChain(ops.iterateQueryLog());
          await record(ops, `restore of the operational tables from ${resolve(source)} (pg_restore)`, why);
          if (!chain.ok) {
            io.err(`restored, but the query log is broken at entry ${chain.firstBroken?.id}`);
            return 1;
          }
          io.out(`operational store restored from ${resolve(source)} (${chain.count} log entries verified)`);
          return 0;
        } finally {
          await ops.close();
        }
      }
      // Check the backup before it replaces anything: a damaged file or a broken chain is refused.
      const check = new Database(source, { readonly: true, fileMustExist: true });
      try {
        const integrity = (check.pragma('integrity_check') as { integrity_check: string }[])[0]
          ?.integrity_check;
        if (integrity !== 'ok') throw new UsageError(`the backup fails its integrity check: ${integrity}`);
      } catch (err) {
        check.close();
        if (err instanceof UsageError) throw err;
        throw new UsageError(`not a readable SQLite backup: ${(err as Error).message}`);
      }
      check.close();
      const staged = join(dirname(opsPath), `.operational.restore-${process.pid}.sqlite`);
      copyFileSync(source, staged);
      chmodSync(staged, 0o600);
      const stagedStore = openSqliteOperationalStore({ path: staged });
      const chain = await verifyChain(stagedStore.iterateQueryLog());
      await stagedStore.close();
      if (!chain.ok) {
        rmSync(staged, { force: true });
        throw new UsageError(`the backup's query log is broken at entry ${chain.firstBroken?.id}`);
      }
      for (const suffix of ['-wal', '-shm']) rmSync(`${opsPath}${suffix}`, { force: true });
      for (const suffix of ['-wal', '-shm']) rmSync(`${staged}${suffix}`, { force: true });
      renameSync(staged, opsPath);
      const ops = await openOps();
      try {
        await record(ops, `restore of the operational store from ${resolve(source)}`, why);
      } finally {
        await ops.close();
      }
      io.out(`operational store restored from ${resolve(source)} (${chain.count} log entries verified)`);
      return 0;
    }

    case 'clients': {
      const ops = await openOps();
      try {
        if (sub === 'list') {
          for (const c of await ops.listClients()) {
            io.out(
              `${c.clientId}\t${c.channel}\t${c.revokedAt ? `revoked ${c.revokedAt}` : 'active'}\t${c.description}`,
            );
          }
          return 0;
        }
        if (sub === 'add') {
          const channel = values.channel;
          if (channel !== 'kiosk' && channel !== 'phone')
            throw new UsageError('clients add needs --channel kiosk|phone');
          const description = values.description?.trim();
          if (!description) throw new UsageError('clients add needs --description TEXT');
          const why = requireReason();
          const { clientId, key, keyHash } = await newClientKey(channel);
          await ops.addClient({
            clientId,
            channel,
            keyHash,
            description,
            createdAt: new Date().toISOString(),
            revokedAt: null,
          });
          await record(ops, `registered ${channel} client ${clientId} (${description})`, why);
          io.out(
            `client ${clientId} registered. Its key (shown once, keep it in the terminal's configuration):`,
          );
          io.out(key);
          return 0;
        }
        if (sub === 'revoke') {
          if (!arg) throw new UsageError('clients revoke needs a CLIENT_ID');
          const why = requireReason();
          if (!(await ops.revokeClient(arg, new Date().toISOString()))) {
            throw new UsageError(`no active client ${arg}`);
          }
          await record(ops, `revoked client ${arg}`, why);
          io.out(`client ${arg} revoked`);
          return 0;
        }
        throw new UsageError('clients needs list, add or revoke');
      } finally {
        await ops.close();
      }
    }

    case 'maintenance-log': {
      const ops = await openOps();
      try {
        for (const m of await ops.listMaintenance())
          io.out(`${m.id}\t${m.at}\t${m.who}\t${m.method}\t${m.what}\t(${m.why})`);
        return 0;
      } finally {
        await ops.close();
      }
    }

    case 'requests':
    case 'pin': {
      const ops = await openOps();
      try {
        const ctx: RightsOpsContext = {
          sub,
          arg,
          values,
          openLogged: async () => {
            // Counter entries carry the query log's MAC, as the API's do: only this machine's key makes them.
            const { key } = loadSigningKey({
              keyText: logConfig.keyText,
              keyFile: logConfig.keyFile,
              dataDir,
              create: false,
            });
            if (!onPostgres && !existsSync(opsPath))
              throw new UsageError(`no operational store at ${opsPath} (run \`npm run data:demo\`)`);
            return openStores({ ...storeConfig, poolMax: 2, logMacKey: key.macKey });
          },
          who,
          ops,
          requireReason,
          record: (what, why) => record(ops, what, why),
          out: io.out,
        };
        return command === 'pin' ? await runPinCommand(ctx) : await runRequestsCommand(ctx);
      } catch (err) {
        if (err instanceof RightsUsageError) throw new UsageError(err.message);
        throw err;
      } finally {
        await ops.close();
      }
    }

    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // exitCode, not exit(): the process ends once everything written to stdout has reached the reader.
  runOps(process.argv.slice(2), { out: console.log, err: console.error, stdout: process.stdout }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const usage =
        err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      const known =
        err instanceof LogCommandError || err instanceof LogKeyError || err instanceof PgToolMissing;
      console.error(
        usage
          ? `ops: ${(err as Error).message.split(/\n|\. To specify/)[0]} (npm run ops -- --help)`
          : known
            ? (err as Error).message
            : `ops failed: ${(err as Error).message}`,
      );
      process.exitCode = 2;
    },
  );
}
