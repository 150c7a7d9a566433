import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImagePlaneModules, type PlaneModule } from './imagePlaneModules';

interface Header {
  position: number[];
}

function counting(): { modules: ImagePlaneModules<Header>; builds: string[] } {
  const builds: string[] = [];
  const modules = new ImagePlaneModules<Header>((imageId, header): PlaneModule => {
    builds.push(imageId);
    return { frameOfReferenceUID: '1.2.3', imagePositionPatient: [...header.position], rowCosines: [1, 0, 0], rows: 512 };
  });
  return { modules, builds };
}

test('a module is built once per image and header, however often it is asked for', () => {
  const { modules, builds } = counting();
  const header = { position: [-200, -180, 35.5] };
  for (let i = 0; i < 17; i += 1) assert.deepEqual(modules.get('instance:a', header).imagePositionPatient, [-200, -180, 35.5]);
  assert.deepEqual(builds, ['instance:a']);
  // Two frames of one multi-frame file share a header and are built apart.
  modules.get('instance:a?frame=2', header);
  assert.deepEqual(builds, ['instance:a', 'instance:a?frame=2']);
});

test('a header read again (another object) builds its module again', () => {
  const { modules, builds } = counting();
  modules.get('instance:a', { position: [0, 0, 1] });
  const reread = modules.get('instance:a', { position: [0, 0, 2] });
  assert.deepEqual(reread.imagePositionPatient, [0, 0, 2]);
  assert.equal(builds.length, 2);
});

test('each answer is a copy: what a caller changes, arrays included, the next caller does not see', () => {
  const { modules } = counting();
  const header = { position: [10, 20, 30] };
  const first = modules.get('instance:a', header);
  (first.imagePositionPatient as number[])[2] = 999;
  (first.rowCosines as number[])[0] = -1;
  first.calibration = { scale: 2 };
  const second = modules.get('instance:a', header);
  assert.deepEqual(second.imagePositionPatient, [10, 20, 30]);
  assert.deepEqual(second.rowCosines, [1, 0, 0]);
  assert.equal(second.calibration, undefined);
  assert.notEqual(first, second);
});
