// A PIN of one's own: the PIN the person chose (or a one-time PIN from the counter) replaces the PIN issued
// with the records, on every channel at once. Logins read credentials through this view of the records store.
import type { RightsStore } from '../store/rights-types.ts';
import type { PersonCredential, RecordsStore } from '../store/types.ts';

export function withOwnPins(records: RecordsStore, rights: RightsStore): RecordsStore {
  const view = Object.create(records) as RecordsStore;
  view.findPersonCredential = async (nationalId: string): Promise<PersonCredential | null> => {
    const issued = await records.findPersonCredential(nationalId);
    if (!issued) return null;
    const own = await rights.pin(issued.personId);
    if (!own) return issued;
    // A one-time PIN works once: after its first login on kiosk or web it no longer opens a session.
    if (own.oneTime && own.usedAt !== null) return null;
    return { personId: issued.personId, pinHash: own.pinHash };
  };
  return view;
}
