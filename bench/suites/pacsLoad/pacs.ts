/**
 * The suite's PACS: Debian's Orthanc with its DICOMweb plugin (scripts/orthanc.mjs, the
 * configuration of pacs/orthanc.json) on a free loopback port, storage in a temporary
 * folder, with the bench CT uploaded. withBenchPacs stops Orthanc and removes the folder
 * when the measurement is done, also when it fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startOrthanc, uploadDicomFolder, type OrthancServer } from '../../../scripts/orthanc.mjs';
import { errorMessage } from '../../../src/util/errorMessage';

export interface BenchPacs {
  orthanc: OrthancServer;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** Instances the series' WADO-RS metadata lists. */
  instances: number;
  orthancVersion: string;
  dicomWebPluginVersion: string;
  uploadMs: number;
}

const DICOM_JSON = { Accept: 'application/dicom+json' };

async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`Orthanc answered no ${what}`);
  return value;
}

/** First value of a DICOM JSON attribute, e.g. SeriesInstanceUID (0020000E). */
function dicomJsonString(dataset: unknown, tag: string): unknown {
  const values = field(field(dataset, tag), 'Value');
  return Array.isArray(values) ? (values[0] as unknown) : undefined;
}

async function prepare(orthanc: OrthancServer, seriesDir: string, expected: number): Promise<BenchPacs> {
  const upload = await uploadDicomFolder(orthanc.url, seriesDir);
  if (upload.failed.length > 0 || upload.stored + upload.alreadyStored !== expected) {
    const first = upload.failed[0];
    throw new Error(
      `upload to Orthanc stored ${upload.stored + upload.alreadyStored} of ${expected} files` +
        (first ? `; ${upload.failed.length} failed, first ${path.basename(first.file)}: ${first.error}` : ''),
    );
  }
  if (upload.studies.length !== 1) throw new Error(`the bench series became ${upload.studies.length} studies in Orthanc`);
  const study = await getJson(`${orthanc.url}/studies/${upload.studies[0]}`);
  const studyInstanceUID = text(field(field(study, 'MainDicomTags'), 'StudyInstanceUID'), 'StudyInstanceUID');

  // One unmeasured pass over what the viewer asks first (QIDO series, WADO-RS metadata), so the
  // first measured run does not alone pay for Orthanc's first read of its index and files.
  const series = await getJson(`${orthanc.dicomWebUrl}/studies/${studyInstanceUID}/series`, DICOM_JSON);
  if (!Array.isArray(series) || series.length !== 1) throw new Error('QIDO-RS did not list exactly one series for the bench study');
  const seriesInstanceUID = text(dicomJsonString(series[0], '0020000E'), 'SeriesInstanceUID');
  const metadata = await getJson(`${orthanc.dicomWebUrl}/studies/${studyInstanceUID}/series/${seriesInstanceUID}/metadata`, DICOM_JSON);
  const instances = Array.isArray(metadata) ? metadata.length : 0;
  if (instances !== expected) throw new Error(`WADO-RS metadata lists ${instances} of ${expected} instances`);

  const system = await getJson(`${orthanc.url}/system`);
  const plugin = await getJson(`${orthanc.url}/plugins/dicom-web`);
  return {
    orthanc,
    studyInstanceUID,
    seriesInstanceUID,
    instances,
    orthancVersion: text(field(system, 'Version'), 'version'),
    dicomWebPluginVersion: text(field(plugin, 'Version'), 'DICOMweb plugin version'),
    uploadMs: upload.ms,
  };
}

/**
 * Starts Orthanc, uploads the `expected` .dcm files of seriesDir, runs `use`, then stops Orthanc
 * and removes its storage whatever happened. Orthanc's last log lines are added to a failure.
 */
export async function withBenchPacs<T>(seriesDir: string, expected: number, use: (pacs: BenchPacs) => Promise<T>): Promise<T> {
  const storageDir = mkdtempSync(path.join(tmpdir(), 'emh-bench-orthanc-'));
  let orthanc: OrthancServer | undefined;
  try {
    orthanc = await startOrthanc({ storageDir });
    let pacs: BenchPacs;
    try {
      pacs = await prepare(orthanc, seriesDir, expected);
    } catch (e) {
      const tail = orthanc.logTail().slice(-10).join('\n');
      throw new Error(`${errorMessage(e)}${tail ? `\nOrthanc log:\n${tail}` : ''}`);
    }
    return await use(pacs);
  } finally {
    try {
      await orthanc?.dispose();
    } finally {
      rmSync(storageDir, { recursive: true, force: true });
    }
  }
}
