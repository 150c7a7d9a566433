// Debian packages the tests need: Chromium for e2e, dcmtk and dicom3tools to check the DICOM
// we write, Orthanc and its DICOMweb plugin as the PACS. Installed when missing and running as
// root; otherwise the exact command is printed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dicomWebPlugin, orthancBinary } from './orthanc.mjs';

const NEEDS = [
  { pkg: 'chromium', check: () => existsSync('/usr/lib/chromium/chromium'), required: true },
  { pkg: 'dcmtk', check: () => hasCommand('dcmdump'), required: false },
  { pkg: 'dicom3tools', check: () => hasCommand('dciodvfy'), required: false },
  // The PACS the DICOMweb e2e tests (and `npm run pacs`) start: scripts/orthanc.mjs.
  { pkg: 'orthanc', check: () => orthancBinary() !== null, required: true },
  { pkg: 'orthanc-dicomweb', check: () => dicomWebPlugin() !== null, required: true },
];

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function ensureSystemDeps() {
  const missing = NEEDS.filter((n) => !n.check());
  if (missing.length === 0) return true;
  const packages = missing.map((n) => n.pkg).join(' ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    console.log(`Installing Debian packages: ${packages}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const result = spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map((n) => n.pkg)], { stdio: 'inherit', env });
    if (result.status !== 0) console.error('apt-get install failed');
  }
  const still = NEEDS.filter((n) => !n.check());
  for (const n of still) {
    console.error(`${n.required ? 'Missing' : 'Optional, missing'}: Debian package ${n.pkg}. Install it with: sudo apt-get install -y ${n.pkg}`);
  }
  return still.every((n) => !n.required);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureSystemDeps() ? 0 : 1);
}
