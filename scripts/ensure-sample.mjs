// Generates the sample case when it is missing, so `npm start`, `npm run dev` and the tests
// always have it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(new URL('../sample-dicom/output/manifest.json', import.meta.url))) {
  console.log('Generating the sample case (sample-dicom/output)...');
  const result = spawnSync('npx', ['tsx', 'sample-dicom/generate.ts'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
