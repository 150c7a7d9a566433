/**
 * The cartoon anatomy: which ellipses make up each slice, back to front.
 *
 * Coordinates are pixel indices [column, row] on the 256 x 256 grid; column 128 is the midline,
 * image left is patient right, image top is anterior. Instances 1-19 are lower chest,
 * 15-40 upper abdomen (liver, spleen, kidneys), 41-47 lumbar, 48-60 sacrum and pelvis.
 * Later shapes overwrite earlier ones, which is how organs "indent" their neighbours.
 */
import { SLICE_SPACING_MM } from './geometry';
import { LESIONS, lesionSemiAxesPx } from './lesions';
import type { Tissue } from './tissues';

export interface Shape {
  tissue: Tissue;
  cx: number;
  cy: number;
  /** Semi-axis along image columns' direction (horizontal), pixels. */
  rx: number;
  /** Semi-axis along image rows' direction (vertical), pixels. */
  ry: number;
  /** Superellipse exponent; 2 is an ellipse, larger is boxier (used for the torso). */
  exponent: number;
  /** Only the body outline may paint air; everything else stays inside the skin. */
  insideBodyOnly: boolean;
}

function shape(tissue: Tissue, cx: number, cy: number, rx: number, ry: number): Shape {
  return { tissue, cx, cy, rx, ry, exponent: 2, insideBodyOnly: true };
}

/** In-plane scale of an ellipsoid centred on `centerSlice`, 0 when the slice misses it. */
export function ellipsoidScale(instance: number, centerSlice: number, halfExtentMm: number): number {
  const dz = (instance - centerSlice) * SLICE_SPACING_MM;
  const ratio = dz / halfExtentMm;
  return ratio >= 1 || ratio <= -1 ? 0 : Math.sqrt(1 - ratio * ratio);
}

function scaled(tissue: Tissue, cx: number, cy: number, rx: number, ry: number, scale: number): Shape[] {
  return scale > 0 ? [shape(tissue, cx, cy, rx * scale, ry * scale)] : [];
}

/** Cortical shell with marrow inside: vertebrae, sacrum, ribs, ilium, sternum. */
function bone(cx: number, cy: number, rx: number, ry: number, cortex: number): Shape[] {
  const inner = [rx - cortex, ry - cortex];
  const shell = [shape('bone', cx, cy, rx, ry)];
  return inner[0] > 0.5 && inner[1] > 0.5 ? [...shell, shape('marrow', cx, cy, inner[0], inner[1])] : shell;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * Math.min(1, Math.max(0, t));
}

export const MIDLINE = 128;
export const BODY = { cx: 128, cy: 128, rx: 112, ry: 80, exponent: 2.6 } as const;

/** Point on the torso superellipse inset by `inset` px; phi is degrees from posterior midline. */
function torsoPoint(phiDegrees: number, inset: number): [number, number] {
  const phi = (phiDegrees * Math.PI) / 180;
  const power = 2 / BODY.exponent;
  const sx = Math.sign(Math.sin(phi)) * Math.abs(Math.sin(phi)) ** power;
  const sy = Math.sign(Math.cos(phi)) * Math.abs(Math.cos(phi)) ** power;
  return [BODY.cx + (BODY.rx - inset) * sx, BODY.cy + (BODY.ry - inset) * sy];
}

function ribs(instance: number): Shape[] {
  if (instance > 26) return [];
  // Ribs run obliquely, so their cross-sections drift around the chest wall from slice to slice.
  const drift = 7 * (instance % 4);
  const angles = [40, 75, 110, 145].filter((_, index) => index < (instance > 22 ? 2 : instance > 16 ? 3 : 4));
  return angles.flatMap((angle) =>
    [1, -1].flatMap((side) => {
      const [x, y] = torsoPoint(side * (angle + drift), 12);
      return bone(x, y, 4, 3, 1);
    }),
  );
}

function chest(instance: number): Shape[] {
  const lungScale = instance <= 8 ? 1 : ellipsoidScale(instance, 8, 12 * SLICE_SPACING_MM);
  const heartScale = instance <= 8 ? 1 : ellipsoidScale(instance, 8, 5 * SLICE_SPACING_MM);
  return [
    ...scaled('lung', 82, 115, 40, 52, lungScale),
    ...scaled('lung', 176, 115, 38, 52, lungScale),
    // Posterior mediastinal / paravertebral fat: where the thoracic EMH masses grow.
    ...(instance <= 22 ? [shape('fat', MIDLINE, 160, 50, 30)] : []),
    ...scaled('blood', 136, 105, 36, 30, heartScale),
    ...(instance <= 14 ? bone(MIDLINE, 54, 9, 4, 1.5) : []),
  ];
}

function abdomen(instance: number): Shape[] {
  return [
    ...(instance >= 29 && instance <= 53 ? [shape('bowel', MIDLINE, 92, 50, 26)] : []),
    ...scaled('liver', 82, 118, 44, 48, ellipsoidScale(instance, 27, 62)),
    ...scaled('liver', 142, 86, 32, 18, ellipsoidScale(instance, 23, 35)),
    ...scaled('spleen', 190, 125, 24, 40, ellipsoidScale(instance, 28, 50)),
    ...scaled('kidney', 80, 160, 12, 19, ellipsoidScale(instance, 33, 33)),
    ...scaled('kidney', 176, 160, 12, 19, ellipsoidScale(instance, 33, 33)),
  ];
}

function pelvis(instance: number): Shape[] {
  if (instance < 44) return [];
  const gluteal = instance >= 46 ? [shape('muscle', 66, 192, 26, 13), shape('muscle', 190, 192, 26, 13)] : [];
  const iliumScale = ellipsoidScale(instance, 50, 35);
  const ilium = iliumScale > 0 ? [62, 194].flatMap((x) => bone(x, 165, 7 * iliumScale, 20 * iliumScale, 2)) : [];
  return [...gluteal, ...ilium, ...scaled('urine', MIDLINE, 96, 30, 22, ellipsoidScale(instance, 60, 35))];
}

function psoas(instance: number): Shape[] {
  if (instance < 31) return [];
  // Psoas grows down the lumbar spine, then swings laterally and forward into the pelvis.
  const growth = (instance - 31) / 13;
  const swing = (instance - 44) / 4;
  const offset = lerp(28, 46, swing);
  const cy = lerp(148, 140, swing);
  const rx = instance <= 44 ? lerp(5, 11, growth) : lerp(11, 9, swing);
  const ry = instance <= 44 ? lerp(6, 12, growth) : lerp(12, 11, swing);
  return [shape('muscle', MIDLINE - offset, cy, rx, ry), shape('muscle', MIDLINE + offset, cy, rx, ry)];
}

/** Paraspinal (erector spinae / multifidus) muscles: the MR signal reference. */
export function paraspinalMuscles(instance: number): Shape[] {
  return instance <= 47
    ? [shape('muscle', MIDLINE - 24, 189, 17, 13), shape('muscle', MIDLINE + 24, 189, 17, 13)]
    : [shape('muscle', MIDLINE - 18, 199, 13, 8), shape('muscle', MIDLINE + 18, 199, 13, 8)];
}

function spine(instance: number): Shape[] {
  if (instance >= 48) {
    // Sacrum: wide and flat, with the median sacral crest behind it.
    return [...bone(MIDLINE, 180, 26, 11, 2), shape('bone', MIDLINE, 196, 3, 5)];
  }
  return [
    ...bone(MIDLINE, 160, 17, 13, 2),
    shape('bone', MIDLINE, 183, 10, 9), // neural arch
    shape('csf', MIDLINE, 182, 6, 6), // spinal canal
    shape('bone', MIDLINE, 197, 3.5, 8), // spinous process
  ];
}

function aorta(instance: number): Shape[] {
  if (instance > 46) return []; // bifurcates above the pelvis
  // Descending aorta moves from the left of the spine to just in front of it.
  const t = (instance - 1) / 29;
  return [shape('blood', lerp(148, 136, t), lerp(134, 136, t), lerp(10, 8, t), lerp(10, 8, t))];
}

export function lesionShapes(instance: number): Shape[] {
  return LESIONS.flatMap((lesion) => {
    const [rx, ry] = lesionSemiAxesPx(lesion);
    const scale = ellipsoidScale(instance, lesion.slice, lesion.zHalfExtentMm);
    return scaled(lesion.id, lesion.center[0], lesion.center[1], rx, ry, scale);
  });
}

/** All shapes of one slice in painting order; lesions optional so placement can be checked. */
export function shapesForSlice(instance: number, withLesions = true): Shape[] {
  const body: Shape = { ...shape('fat', BODY.cx, BODY.cy, BODY.rx, BODY.ry), exponent: BODY.exponent, insideBodyOnly: false };
  return [
    body,
    ...chest(instance),
    ...abdomen(instance),
    ...pelvis(instance),
    ...psoas(instance),
    ...paraspinalMuscles(instance),
    ...spine(instance),
    ...aorta(instance),
    ...ribs(instance),
    ...(withLesions ? lesionShapes(instance) : []),
  ];
}
