/**
 * A real Orthanc for the e2e tests (Debian's `orthanc` + `orthanc-dicomweb`, see
 * scripts/orthanc.mjs): loopback only, storage in a temporary folder, the sample case uploaded.
 *
 *   let pacs: Pacs;
 *   test.beforeAll(async () => { pacs = await startPacs({ users: { alice: 'secret' } }); });
 *   test.afterAll(async () => { await pacs?.dispose(); });
 *   ...
 *   await pacs.stop();      // the PACS goes away (clean stop, ~2.5 s); pacs.stop({ kill: true }) crashes it
 *   await pacs.restart();   // back on the same port with the same storage
 *
 * The viewer reaches it through the viewer server's /dicom-web proxy (Orthanc sends no CORS
 * headers): serve.mjs with DICOMWEB_UPSTREAM=pacs.url.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  basicAuth,
  startOrthanc,
  uploadDicomFolder,
  type BasicAuth,
  type OrthancServer,
  type UploadResult,
} from '../../scripts/orthanc.mjs';

export type { BasicAuth, UploadResult } from '../../scripts/orthanc.mjs';

export const SAMPLE_DICOM_DIR = fileURLToPath(new URL('../../sample-dicom/output/', import.meta.url));

export interface PacsOptions {
  /** {name: password}: HTTP basic auth on; the first user is `pacs.auth`. */
  users?: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /** Upload sample-dicom/output (default true). */
  upload?: boolean;
  /** Orthanc's log: true on stderr, or a function per line. */
  log?: boolean | ((line: string) => void);
}

export interface Pacs {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/dicom-web */
  readonly dicomWebUrl: string;
  readonly port: number;
  readonly storageDir: string;
  /** The first user, when auth is on. */
  readonly auth: BasicAuth | undefined;
  /** `Basic ...` for `auth`, when auth is on. */
  readonly authorization: string | undefined;
  /** What the sample upload stored (null with upload: false). */
  readonly upload: UploadResult | null;
  isRunning(): boolean;
  /** Clean stop (SIGTERM, ~2.5 s), or {kill: true}: SIGKILL at once. */
  stop(how?: { kill?: boolean }): Promise<void>;
  /** Same port, same storage; resolves when GET /system answers. */
  restart(): Promise<void>;
  /** Stop and remove the storage. */
  dispose(): Promise<void>;
  /** GET a path under the DICOMweb root (e.g. `/studies?PatientName=EMH*`), with the credentials. */
  dicomWeb(path: string, init?: RequestInit): Promise<Response>;
  logTail(): string[];
}

export async function startPacs(options: PacsOptions = {}): Promise<Pacs> {
  if (options.upload !== false && !existsSync(SAMPLE_DICOM_DIR)) {
    throw new Error(`No sample case in ${SAMPLE_DICOM_DIR}: run \`node scripts/ensure-sample.mjs\` first`);
  }
  const server: OrthancServer = await startOrthanc({ port: options.port, users: options.users, log: options.log });
  let upload: UploadResult | null = null;
  try {
    if (options.upload !== false) {
      upload = await uploadDicomFolder(server.url, SAMPLE_DICOM_DIR, { auth: server.auth });
      if (upload.failed.length > 0) {
        throw new Error(`Orthanc refused ${upload.failed.length} sample files, e.g. ${upload.failed[0].file}: ${upload.failed[0].error}`);
      }
    }
  } catch (error) {
    await server.dispose();
    throw error;
  }
  const authorization = server.auth ? basicAuth(server.auth) : undefined;
  return {
    url: server.url,
    dicomWebUrl: server.dicomWebUrl,
    port: server.port,
    storageDir: server.storageDir,
    auth: server.auth,
    authorization,
    upload,
    isRunning: () => server.isRunning(),
    stop: (how) => server.stop(how),
    restart: () => server.restart(),
    dispose: () => server.dispose(),
    dicomWeb: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (authorization && !headers.has('Authorization')) headers.set('Authorization', authorization);
      return fetch(`${server.dicomWebUrl}${path.startsWith('/') ? '' : '/'}${path}`, { ...init, headers });
    },
    logTail: () => server.logTail(),
  };
}
