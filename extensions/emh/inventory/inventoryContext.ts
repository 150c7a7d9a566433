import type { DataManager } from '../../../src/data/dataManager';
import type { InventoryContext } from './rules/inventoryTypes';

/** Patient and studies for the inventory export: the active patient's, from their headers. */
export function inventoryContext(data: DataManager): InventoryContext {
  const studies = data.activeStudies();
  const first = studies[0]?.series[0]?.instances[0]?.header;
  return {
    patient: first
      ? {
          name: first.patientName || null,
          id: first.patientID || null,
          sex: first.patientSex || null,
          age: first.patientAge || null,
          birthDate: first.patientBirthDate || null,
        }
      : undefined,
    studies: studies.map((study) => {
      const header = study.series[0]?.instances[0]?.header;
      return {
        studyInstanceUID: study.studyInstanceUID,
        description: study.description || null,
        date: study.studyDate || null,
        accessionNumber: header?.accessionNumber || null,
      };
    }),
  };
}
