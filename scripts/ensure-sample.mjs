// Generates the sample case when it is missing, so `npm start`, `npm run dev` and the tests
// always have it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const manifests = [
  '../sample-dicom/output/manifest.json',
  '../sample-dicom/output-oblique/manifest.json',
  '../sample-dicom/output-t2star/manifest.json',
  '../sample-dicom/output-followup/manifest.json',
];
if (!manifests.every((manifest) => existsSync(new URL(manifest, import.meta.url)))) {
  console.log('Generating the sample case (sample-dicom/output)...');
  const result = spawnSync('npx', ['tsx', 'sample-dicom/generate.ts'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
