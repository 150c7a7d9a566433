// Debian packages the tests need: Chromium for e2e; dcmtk, dicom3tools and PixelMed (with a
// Java runtime) to check the DICOM we write; python3-pydicom, numpy and scipy for an independent reading
// of real-world files and their test corpus (and an independent R2* fit); Orthanc and its DICOMweb plugin as the PACS.
// Installed when missing and running as root; otherwise the exact command is printed. With
// CI=true every one of them is required: a validator that is missing must fail the run, not
// skip quietly.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dicomWebPlugin, orthancBinary } from './orthanc.mjs';

const ci = process.env.CI === 'true';

const NEEDS = [
  { pkg: 'chromium', check: () => existsSync('/usr/lib/chromium/chromium'), required: true },
  { pkg: 'dcmtk', check: () => hasCommand('dsrdump'), required: ci },
  { pkg: 'dicom3tools', check: () => hasCommand('dciodvfy'), required: ci },
  { pkg: 'pixelmed-apps', check: () => existsSync('/usr/share/java/pixelmed.jar'), required: ci },
  { pkg: 'default-jre-headless', check: () => hasCommand('java'), required: ci },
  // Debian's own Python, not whatever python3 comes first on PATH: the package lives there.
  { pkg: 'python3-pydicom', check: () => pythonHas('pydicom'), required: ci },
  { pkg: 'python3-numpy', check: () => pythonHas('numpy'), required: ci },
  // scipy's curve_fit is the independent fit the R2* of the viewer is compared with.
  { pkg: 'python3-scipy', check: () => pythonHas('scipy.optimize'), required: ci },
  // The PACS the DICOMweb e2e tests (and `npm run pacs`) start: scripts/orthanc.mjs.
  { pkg: 'orthanc', check: () => orthancBinary() !== null, required: true },
  { pkg: 'orthanc-dicomweb', check: () => dicomWebPlugin() !== null, required: true },
];

function pythonHas(module) {
  return spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

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
    console.error(
      `${n.required ? 'Missing' : 'Optional, missing'}: Debian package ${n.pkg}. Install it with: sudo apt-get install -y ${n.pkg}`,
    );
  }
  return still.every((n) => !n.required);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureSystemDeps() ? 0 : 1);
}
