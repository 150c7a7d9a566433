/**
 * The prior of the bench CT: the same 300 slices as an earlier study (2023-07-10) with its own
 * study, series, instance and frame of reference UIDs and the table moved (z + 37.5 mm,
 * y + 6 mm), written by pydicom into bench/data/ct512-prior/ once and reused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR } from '../../runner/paths';

export const PRIOR = {
  dir: path.join(DATA_DIR, 'ct512-prior'),
  manifestPath: '/data/ct512-prior/manifest.json',
  studyInstanceUID: '2.25.4120000000000000000000000000000001',
  seriesInstanceUID: '2.25.4120000000000000000000000000000002',
  shiftMm: [0, 6, 37.5] as const,
};

const STAMP = 'ct512-prior v1';

const SCRIPT = `
import sys, json, pathlib, pydicom
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
files = json.loads((src / 'manifest.json').read_text())['files']
for i, name in enumerate(files):
    ds = pydicom.dcmread(src / name)
    ds.StudyInstanceUID = '${PRIOR.studyInstanceUID}'
    ds.SeriesInstanceUID = '${PRIOR.seriesInstanceUID}'
    ds.FrameOfReferenceUID = '2.25.4120000000000000000000000000000003'
    ds.SOPInstanceUID = '2.25.41200000000000000000000000000010%04d' % i
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyDate = '20230710'
    x, y, z = [float(v) for v in ds.ImagePositionPatient]
    ds.ImagePositionPatient = [x, y + ${PRIOR.shiftMm[1]}, z + ${PRIOR.shiftMm[2]}]
    ds.save_as(dst / name)
(dst / 'manifest.json').write_text(json.dumps({'files': files}))
(dst / '.complete').write_text(sys.argv[3])
`;

export function ensurePriorSeries(currentDir: string): { generated: boolean } {
  const stamp = path.join(PRIOR.dir, '.complete');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === STAMP) return { generated: false };
  const result = spawnSync('/usr/bin/python3', ['-c', SCRIPT, currentDir, PRIOR.dir, STAMP], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`writing the prior series failed: ${result.stderr}`);
  return { generated: true };
}
