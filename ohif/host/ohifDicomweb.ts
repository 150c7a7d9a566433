/**
 * Our DicomwebService on the DICOMweb root of OHIF's data source. OHIF opened the studies, not
 * us, so every study OHIF shows counts as coming from that server: a report about it is stored
 * there and found again by its QIDO-RS, as in our viewer.
 */
import { DicomwebService } from '../../src/data/dicomweb/dicomwebService';
import { DicomwebError, DicomwebServer, type CredentialsPrompt, type DicomwebCredentials } from '../../src/data/dicomweb/dicomwebServer';
import type { DataManager } from '../../src/data/dataManager';
import { readInstance } from '../../src/data/readInstance';
import type { OhifDataSource, OhifExtensionManager, OhifUserAuthentication } from '../ohifTypes';

/** The data source's DICOMweb root (its wadoRoot, where STOW-RS is posted too), or null. */
export function dataSourceRoot(extensionManager: OhifExtensionManager): string | null {
  const config = extensionManager.getActiveDataSource?.()?.[0]?.getConfig?.();
  const root = config?.wadoRoot ?? config?.qidoRoot;
  return typeof root === 'string' && root !== '' ? root : null;
}

/**
 * STOW-RS through OHIF's data source (`store.dicom`): given an ArrayBuffer it posts our Part 10
 * bytes as they are, with the headers of OHIF's own sign-in. It does not hand back the PACS's
 * answer, where a refused instance would be listed, so a report counts as saved once QIDO-RS
 * lists it. Without a data source that stores, our own STOW-RS request.
 */
export class OhifStoringServer extends DicomwebServer {
  constructor(
    url: string,
    options: { credentials?: DicomwebCredentials | null; prompt?: CredentialsPrompt },
    private readonly dataSource: () => OhifDataSource | undefined,
    private readonly signIn?: OhifUserAuthentication,
  ) {
    super(url, options);
  }

  /** OHIF's own sign-in (OIDC, or a `?token=` in its URL), on our reads too: the data source asks for it. */
  protected override signInHeaders(): Record<string, string> {
    const header = this.signIn?.getAuthorizationHeader();
    return header && typeof header === 'object' ? { ...header } : {};
  }

  override async store(file: Uint8Array, studyInstanceUID?: string): Promise<void> {
    const storeDicom = this.dataSource()?.store?.dicom;
    if (!storeDicom) return super.store(file, studyInstanceUID);
    const read = readInstance(file);
    if (read.kind === 'refused') throw new Error(`not stored: the report does not read back (${read.reason})`);
    const buffer = file.slice().buffer;
    await this.request('storing', () => storeDicom(buffer));
    if (!(await this.hasInstance(read.header))) {
      throw new DicomwebError('refused', 200, 'the PACS did not list the report after storing it');
    }
  }
}

export class OhifDicomweb extends DicomwebService {
  constructor(
    private readonly studies: DataManager,
    private readonly extensionManager: OhifExtensionManager,
    private readonly signIn?: OhifUserAuthentication,
  ) {
    super(studies);
  }

  protected override createServer(
    url: string,
    options: { credentials?: DicomwebCredentials | null; prompt: CredentialsPrompt },
  ): DicomwebServer {
    return new OhifStoringServer(url, options, () => this.extensionManager.getActiveDataSource?.()?.[0], this.signIn);
  }

  /** The data source's server for any study OHIF has open; null when there is no data source. */
  override serverForStudy(studyInstanceUID: string): DicomwebServer | null {
    const open = this.studies.series().some((series) => series.studyInstanceUID === studyInstanceUID);
    return open ? this.connected() : null;
  }
}
