// `npm run pacs`: a local Orthanc (Debian's packages) with the sample case, for developing and
// trying the viewer's DICOMweb client. Loopback only, storage in a temporary folder that is
// removed on exit. PACS_PORT chooses the port (default 8042); PACS_VERBOSE=1 shows Orthanc's log.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureOrthanc, startOrthanc, uploadDicomFolder } from './orthanc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const sampleDir = fileURLToPath(new URL('../sample-dicom/output', import.meta.url));
const port = Number(process.env.PACS_PORT || 8042);

try {
  ensureOrthanc();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const sample = spawnSync('node', ['scripts/ensure-sample.mjs'], { stdio: 'inherit', cwd: root });
if (sample.status !== 0) process.exit(sample.status ?? 1);

/** @type {Awaited<ReturnType<typeof startOrthanc>>} */
let pacs;
try {
  pacs = await startOrthanc({ port, log: process.env.PACS_VERBOSE ? true : undefined });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error('Set PACS_PORT to use another port.');
  process.exit(1);
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Orthanc...');
  await pacs.dispose();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGHUP', shutdown);

const upload = await uploadDicomFolder(pacs.url, sampleDir);
console.log(
  `Orthanc on ${pacs.url} (storage ${pacs.storageDir}): uploaded the sample case, ` +
    `${upload.stored + upload.alreadyStored}/${upload.files} instances in ${(upload.ms / 1000).toFixed(1)} s`,
);
for (const failure of upload.failed) console.error(`  not stored: ${failure.file}: ${failure.error}`);

console.log(`
  DICOMweb root  ${pacs.dicomWebUrl}
  QIDO-RS        ${pacs.dicomWebUrl}/studies
  Orthanc UI     ${pacs.url}/app/explorer.html

Open the viewer against it (Orthanc sends no CORS headers, so the viewer's server proxies
/dicom-web to it):

  DICOMWEB_UPSTREAM=${pacs.url} npm start
  then http://127.0.0.1:8080/?dicomweb=/dicom-web

Ctrl+C stops Orthanc and removes its storage.`);

if (upload.failed.length > 0) console.error(`${upload.failed.length} files were not stored.`);
