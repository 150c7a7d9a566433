export type Vec3 = readonly [number, number, number];

/**
 * Patient-direction letters for a vector in LPS (x to the patient's left, y posterior, z head),
 * strongest component first, as DICOM viewers label the image edges ("L", "AR", ...).
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

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function negate(v: Vec3): Vec3 {
  return [-v[0], -v[1], -v[2]];
}

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
