import { cross, scale, type Vec3 } from '../geometry/vec3';

export type { Vec3 };

/**
 * Patient-direction letters for a vector in LPS (x to the patient's left, y posterior, z head),
 * strongest component first, as DICOM viewers label the image edges ("L", "AR", ...).
 *
 * Not Cornerstone's getOrientationStringLPS on purpose: it names every component above 1e-4,
 * so a slightly oblique edge reads "HLP" where a reader expects "H"; a component names a
 * direction here only from 0.25 (about 15 degrees), and ties go by axis order, not by pairs.
 */
export function directionLetters(v: Vec3): string {
  const axes = [
    { size: Math.abs(v[0]), letter: v[0] > 0 ? 'L' : 'R' },
    { size: Math.abs(v[1]), letter: v[1] > 0 ? 'P' : 'A' },
    { size: Math.abs(v[2]), letter: v[2] > 0 ? 'H' : 'F' },
  ];
  return axes
    .filter((a) => a.size > 0.25)
    .sort((a, b) => b.size - a.size)
    .map((a) => a.letter)
    .join('');
}

// The opposite edge's letters come from the opposite vector, which is what Cornerstone's
// invertOrientationStringLPS gives too; importing its tools package here would pull the DOM into
// this pure module and its Node tests.
const negate = (v: Vec3): Vec3 => scale(v, -1);

/** The letters at the four edges of a viewport, from its camera (so flips and rotations count). */
export function edgeMarkers(viewUp: Vec3, viewPlaneNormal: Vec3): { top: string; bottom: string; left: string; right: string } {
  const right = cross(viewUp, viewPlaneNormal);
  return {
    top: directionLetters(viewUp),
    bottom: directionLetters(negate(viewUp)),
    right: directionLetters(right),
    left: directionLetters(negate(right)),
  };
}
