import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Cornerstone's utilities.imageToWorldCoords / worldToImageCoords pair each image axis with the
 * other axis's spacing and put 0,0 at a pixel corner. Every conversion goes through
 * src/geometry instead; this keeps it so.
 */
const FORBIDDEN = /\.(imageToWorldCoords|worldToImageCoords)\s*\(/;
const ROOTS = ['src', 'extensions', 'e2e', 'bench', 'sample-dicom'];
const SELF = join('src', 'geometry', 'noCornerstoneCoordinateUtilities.test.ts');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'output' || name === 'artifacts' || name === 'dist' || name === 'data') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx|js|mjs)$/.test(name) && path !== SELF) out.push(path);
  }
  return out;
}

describe('one geometry', () => {
  it("nothing in the project calls Cornerstone's imageToWorldCoords or worldToImageCoords", () => {
    const offenders = ROOTS.flatMap((root) => sources(root)).filter((file) => FORBIDDEN.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
