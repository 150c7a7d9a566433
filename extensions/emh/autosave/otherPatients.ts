/**
 * Records saved before cases were per patient name no patient and may hold another patient's
 * measurements. From such a record a case takes only what was drawn on studies open now as
 * its patient's; the whole record is kept aside in storage, so nothing is lost. And a case
 * gives up at once anything drawn on a study that opens as another patient's.
 */

import type { InventorySnapshot } from '../inventory/rules/inventorySnapshot';
import type { AutosaveTarget } from './autosave';
import { putAll } from './indexedDb';
import { STORE_NAME, withoutOtherPatients, type SavedInventory } from './savedInventory';

const measurements = (n: number): string => (n === 1 ? '1 saved measurement was' : `${n} saved measurements were`);

function message(dropped: number): string {
  return `${measurements(dropped)} on another patient's images (from a save of an older version): removed from this case.`;
}

/**
 * The snapshot as this patient's case may hold it, and what to tell the user (null: nothing
 * dropped). A record of this version holds one patient by construction; an older one (no
 * patient) gives only what is on this patient's open studies.
 */
export function ownPart(
  record: SavedInventory,
  target: AutosaveTarget,
): { snapshot: InventorySnapshot; dropped: number; notice: string | null } {
  const legacy = record.patient === null;
  const open = new Set(target.studies());
  const own = withoutOtherPatients(record.snapshot, (study) => (legacy ? !open.has(study) : target.isOtherPatientStudy(study)));
  const notice =
    own.dropped === 0
      ? null
      : legacy
        ? `${measurements(own.dropped)} on studies not open now and not restored: the save is from an older version that did not tell patients apart. Open those studies and reload to bring them back; the whole save is kept in the browser storage.`
        : message(own.dropped);
  return { snapshot: own.snapshot, dropped: own.dropped, notice };
}

/** A copy of an older record under another key, before this case's saves replace it. */
export async function keepWholeRecord(db: IDBDatabase | null, record: SavedInventory): Promise<void> {
  if (db) await putAll(db, STORE_NAME, [{ study: `${record.study}#before-patients@${record.savedAt}`, original: record }]);
}

/** Removes from the case what now shows to be another patient's; the notice, or null when nothing was. */
export function dropOtherPatients(target: AutosaveTarget): string | null {
  const { store } = target;
  if (!store.state().annotations.some((a) => target.isOtherPatientStudy(a.ref.studyInstanceUID))) return null;
  const own = withoutOtherPatients(store.serialise(), (study) => target.isOtherPatientStudy(study));
  if (!store.restore(own.snapshot).ok) return null;
  target.reconcile();
  return message(own.dropped);
}
