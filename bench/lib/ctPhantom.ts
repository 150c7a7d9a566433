/**
 * Deterministic axial CT body phantom (chest to upper abdomen) with noise.
 *
 * The noise matters: a smooth phantom compresses to almost nothing on the wire and
 * decodes trivially, which would flatter load times. Shapes are plain ellipses so a
 * slice costs a few tens of milliseconds to synthesise.
 */

export interface SliceGeometry {
  rows: number;
  columns: number;
  /** mm per pixel, same in both directions. */
  pixelSpacing: number;
}

/** Stored value = HU - RESCALE_INTERCEPT (slope 1), clamped to the 12 bits stored. */
export const RESCALE_INTERCEPT = -1024;
const MAX_STORED = 4095;

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  hu: number;
}

/** xorshift32: tiny, fast and reproducible across Node versions (Math.random is not seedable). */
export function makeRng(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

function smoothstepWindow(t: number, start: number, end: number): number {
  if (t <= start || t >= end) return 0;
  return Math.sin((Math.PI * (t - start)) / (end - start));
}

/** Organs for fractional position t in [0, 1] along the scan (0 = top slice); later entries win. */
function organsAt(t: number): Ellipse[] {
  const organs: Ellipse[] = [];
  const lung = Math.min(1, Math.max(0, (0.6 - t) / 0.12));
  if (lung > 0) {
    organs.push({ cx: -78, cy: -5, rx: 58 * lung, ry: 82 * lung, hu: -850 });
    organs.push({ cx: 78, cy: -5, rx: 55 * lung, ry: 80 * lung, hu: -860 });
  }
  const heart = smoothstepWindow(t, 0.12, 0.55);
  if (heart > 0) organs.push({ cx: 18, cy: -28, rx: 58 * heart, ry: 46 * heart, hu: 45 });
  const liver = smoothstepWindow(t, 0.42, 1.4);
  if (liver > 0) organs.push({ cx: -62, cy: -2, rx: 88 * liver, ry: 76 * liver, hu: 60 });
  const spleen = smoothstepWindow(t, 0.48, 1.3);
  if (spleen > 0) organs.push({ cx: 88, cy: 28, rx: 42 * spleen, ry: 60 * spleen, hu: 50 });
  // Paravertebral soft-tissue masses: the extramedullary haematopoiesis pattern the viewer targets.
  const mass = smoothstepWindow(t, 0.28, 0.46);
  if (mass > 0) {
    organs.push({ cx: -32, cy: 82, rx: 16 * mass, ry: 20 * mass, hu: 42 });
    organs.push({ cx: 32, cy: 82, rx: 14 * mass, ry: 18 * mass, hu: 42 });
  }
  organs.push({ cx: 16, cy: 52, rx: 12, ry: 12, hu: 160 }); // aorta, contrast-enhanced
  organs.push({ cx: 0, cy: 80, rx: 21, ry: 19, hu: 750 }); // vertebral cortex
  organs.push({ cx: 0, cy: 80, rx: 17, ry: 15, hu: 280 }); // vertebral marrow
  organs.push({ cx: 0, cy: 106, rx: 8, ry: 7, hu: 15 }); // spinal canal
  return organs;
}

/**
 * Fills `out` (row-major stored values) for slice `index` of `count`.
 * `rng` supplies the noise so the caller controls the sequence across slices (one draw pair per
 * pixel whatever the tissue, so inserts leave the noise of every other pixel unchanged).
 * `inserts` are drawn over everything else, in order (undefined: not on this slice); returns,
 * for each, the pixels it has the last word on: the exact voxel count of a lesion drawn last.
 */
export function renderSlice(
  out: Uint16Array,
  geometry: SliceGeometry,
  index: number,
  count: number,
  rng: () => number,
  inserts: readonly (Ellipse | undefined)[] = [],
): number[] {
  const counts = inserts.map(() => 0);
  const { rows, columns, pixelSpacing } = geometry;
  const t = count > 1 ? index / (count - 1) : 0;
  const bodyRx = 160 + 12 * Math.sin(Math.PI * t);
  const bodyRy = 112 + 8 * Math.sin(Math.PI * t);
  const bodyCy = 12;
  const fatMm = 14;
  const organs = organsAt(t);
  const halfCol = (columns - 1) / 2;
  const halfRow = (rows - 1) / 2;

  for (let r = 0; r < rows; r++) {
    const y = (r - halfRow) * pixelSpacing;
    const rowOffset = r * columns;
    for (let c = 0; c < columns; c++) {
      const x = (c - halfCol) * pixelSpacing;
      const bx = x / bodyRx;
      const by = (y - bodyCy) / bodyRy;
      let hu = -1000;
      if (bx * bx + by * by <= 1) {
        const ix = x / (bodyRx - fatMm);
        const iy = (y - bodyCy) / (bodyRy - fatMm);
        hu = ix * ix + iy * iy <= 1 ? 40 : -100;
        for (const o of organs) {
          const ox = (x - o.cx) / o.rx;
          const oy = (y - o.cy) / o.ry;
          if (ox * ox + oy * oy <= 1) hu = o.hu;
        }
      }
      let winner = -1;
      for (let i = 0; i < inserts.length; i++) {
        const o = inserts[i];
        if (o === undefined) continue;
        const ox = (x - o.cx) / o.rx;
        const oy = (y - o.cy) / o.ry;
        if (ox * ox + oy * oy <= 1) {
          hu = o.hu;
          winner = i;
        }
      }
      if (winner >= 0) counts[winner] += 1;
      // Triangular noise, sd ~10 HU: enough texture that the data does not compress away.
      const noisy = hu + (rng() + rng() - 1) * 25 - RESCALE_INTERCEPT;
      out[rowOffset + c] = noisy < 0 ? 0 : noisy > MAX_STORED ? MAX_STORED : Math.round(noisy);
    }
  }
  return counts;
}

/** An ellipsoid in the phantom's mm (x, y in the slice as renderSlice's; z along the scan). */
export interface Ellipsoid {
  cx: number;
  cy: number;
  cz: number;
  rx: number;
  ry: number;
  rz: number;
  hu: number;
}

/** The ellipse an ellipsoid cuts in the slice at `z` mm, or none. */
export function crossSection(e: Ellipsoid, z: number): Ellipse | undefined {
  const dz = (z - e.cz) / e.rz;
  const k = 1 - dz * dz;
  if (k <= 0) return undefined;
  const scale = Math.sqrt(k);
  return { cx: e.cx, cy: e.cy, rx: e.rx * scale, ry: e.ry * scale, hu: e.hu };
}
