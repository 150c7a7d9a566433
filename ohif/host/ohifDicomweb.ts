/**
 * Our DicomwebService on the DICOMweb root of OHIF's data source. OHIF opened the studies, not
 * us, so every study OHIF shows counts as coming from that server: a report about it is stored
 * there (STOW-RS) and found again by its QIDO-RS, as in our viewer.
 */
import { DicomwebService } from '../../src/data/dicomweb/dicomwebService';
import type { DicomwebServer } from '../../src/data/dicomweb/dicomwebServer';
import type { DataManager } from '../../src/data/dataManager';
import type { OhifExtensionManager } from '../ohifTypes';

/** The data source's DICOMweb root (its wadoRoot, where STOW-RS is posted too), or null. */
export function dataSourceRoot(extensionManager: OhifExtensionManager): string | null {
  const config = extensionManager.getActiveDataSource?.()?.[0]?.getConfig?.();
  const root = config?.wadoRoot ?? config?.qidoRoot;
  return typeof root === 'string' && root !== '' ? root : null;
}

export class OhifDicomweb extends DicomwebService {
  constructor(private readonly studies: DataManager) {
    super(studies);
  }

  /** The data source's server for any study OHIF has open; null when there is no data source. */
  override serverForStudy(studyInstanceUID: string): DicomwebServer | null {
    const open = this.studies.series().some((series) => series.studyInstanceUID === studyInstanceUID);
    return open ? this.connected() : null;
  }
}
