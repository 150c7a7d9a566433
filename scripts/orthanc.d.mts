// Types for scripts/orthanc.mjs (a plain ESM script), so TypeScript (e2e/support/orthanc.ts)
// can import it.

export interface BasicAuth {
  username: string;
  password: string;
}

export interface StartOptions {
  /** HTTP port (default: a free one). */
  port?: number;
  /** Folder for the configuration and the database (default: a new temporary folder, removed by
   * dispose() or when this process exits). */
  storageDir?: string;
  /** {name: password}: enables HTTP basic auth. */
  users?: Record<string, string>;
  /** true: Orthanc's log on stderr; a function: each log line; default: quiet. */
  log?: boolean | ((line: string) => void);
  /** Orthanc's --verbose. */
  verbose?: boolean;
  /** Default 30 000. */
  startTimeoutMs?: number;
  /** SIGTERM, then SIGKILL after this long; default 10 000. */
  stopTimeoutMs?: number;
}

export interface OrthancServer {
  /** e.g. http://127.0.0.1:8042 (no trailing slash). */
  readonly url: string;
  /** e.g. http://127.0.0.1:8042/dicom-web */
  readonly dicomWebUrl: string;
  readonly port: number;
  readonly storageDir: string;
  /** The final configuration file. */
  readonly configPath: string;
  /** The first registered user, if any. */
  readonly auth: BasicAuth | undefined;
  isRunning(): boolean;
  pid(): number | undefined;
  /** SIGTERM (a clean stop takes ~2.5 s), SIGKILL after stopTimeoutMs; {kill: true}: SIGKILL at
   * once, as a crash. Resolves once the process has exited. No-op when stopped. */
  stop(how?: { kill?: boolean }): Promise<void>;
  /** Stops if running, then starts again on the same port and storage. */
  restart(): Promise<void>;
  /** Stops, and removes the storage if this module made the folder. */
  dispose(): Promise<void>;
  /** The last lines Orthanc logged. */
  logTail(): string[];
}

export interface UploadResult {
  /** .dcm files found. */
  files: number;
  stored: number;
  alreadyStored: number;
  failed: { file: string; error: string }[];
  /** Orthanc IDs of the studies touched. */
  studies: string[];
  ms: number;
}

export const ORTHANC_PACKAGES: string[];
export const INSTALL_COMMAND: string;
export const CONFIG_TEMPLATE: string;

export function orthancBinary(): string | null;
export function dicomWebPlugin(): string | null;
/** Paths of the binary and the DICOMweb plugin; throws with the exact apt-get line. */
export function findOrthanc(): { binary: string; plugin: string };
/** findOrthanc() after apt-get install when missing and root. */
export function ensureOrthanc(): { binary: string; plugin: string };
export function parseJsonWithComments(text: string): unknown;
export function freePort(): Promise<number>;
export function portIsFree(port: number): Promise<boolean>;
export function basicAuth(auth: BasicAuth): string;
export function startOrthanc(options?: StartOptions): Promise<OrthancServer>;
export function listDicomFiles(dir: string): string[];
export function uploadDicomFolder(url: string, dir: string, options?: { auth?: BasicAuth; concurrency?: number }): Promise<UploadResult>;
