// A records store that follows data loads without a restart. An import switches new records in atomically (a new
// file renamed over records.sqlite, or a new PostgreSQL snapshot); this store notices on the next request, opens
// the new snapshot and serves from it. Each request pins one snapshot for all its reads (`snapshot()`), so no
// answer mixes two loads; the previous snapshot is closed once the requests that pinned it are long done.
import type { RecordsStore } from './types.ts';

export interface ReloadingRecordsStore extends RecordsStore {
  /** The current snapshot, after checking whether a new one has been switched in. Pin it for one request. */
  snapshot(): RecordsStore;
}

export interface ReloadingOptions {
  open: () => RecordsStore;
  /** An identity of the snapshot in place (e.g. the file's inode and modification time); cheap, called per request. */
  version: () => string | null;
  /** How long a replaced snapshot stays open for requests still reading it. */
  graceMs?: number;
  /** Told when a new snapshot is in use, or when opening one failed (the old one keeps serving). */
  onSwitch?: (event: { asOf: string } | { error: Error }) => void;
}

export function reloadingRecordsStore(options: ReloadingOptions): ReloadingRecordsStore {
  let current = options.open();
  let version = options.version();
  let failedVersion: string | null = null;
  const retiring = new Set<RecordsStore>();
  const grace = options.graceMs ?? 60_000;

  const snapshot = (): RecordsStore => {
    const now = options.version();
    if (now === null || now === version || now === failedVersion) return current;
    let next: RecordsStore;
    try {
      next = options.open();
    } catch (error) {
      failedVersion = now;
      options.onSwitch?.({ error: error as Error });
      return current;
    }
    const old = current;
    current = next;
    version = now;
    failedVersion = null;
    retiring.add(old);
    setTimeout(() => {
      retiring.delete(old);
      // Nothing reads it any more: a failure to close leaves it to the end of the process.
      old.close().catch(() => undefined);
    }, grace).unref();
    options.onSwitch?.({ asOf: next.asOf });
    return current;
  };

  // Calls made without a pinned snapshot (the session service's look-ups) go to the current one.
  const store: ReloadingRecordsStore = {
    snapshot,
    get asOf() {
      return current.asOf;
    },
    get dataThrough() {
      return current.dataThrough;
    },
    findPersonCredential: (...a) => current.findPersonCredential(...a),
    findDelegateAuthorizations: (...a) => current.findDelegateAuthorizations(...a),
    findEmployerCredential: (...a) => current.findEmployerCredential(...a),
    personIdByNationalId: (...a) => current.personIdByNationalId(...a),
    employer: (...a) => current.employer(...a),
    delegateNationalId: (...a) => current.delegateNationalId(...a),
    registration: (...a) => current.registration(...a),
    contributionMonths: (...a) => current.contributionMonths(...a),
    subsidies: (...a) => current.subsidies(...a),
    benefits: (...a) => current.benefits(...a),
    accounts: (...a) => current.accounts(...a),
    other: (...a) => current.other(...a),
    summaryFacts: (...a) => current.summaryFacts(...a),
    employerSummary: (...a) => current.employerSummary(...a),
    staffPage: (...a) => current.staffPage(...a),
    staffMember: (...a) => current.staffMember(...a),
    staffPersonByRef: (...a) => current.staffPersonByRef(...a),
    employmentPeriods: (...a) => current.employmentPeriods(...a),
    healthy: () => snapshot().healthy(),
    async close() {
      const all = [...retiring, current];
      retiring.clear();
      await Promise.all(all.map((s) => s.close()));
    },
  };
  return store;
}
