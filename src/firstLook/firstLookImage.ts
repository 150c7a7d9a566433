/**
 * The first look: the opening image drawn by the reading worker while the viewer's code is still
 * loading, exactly as the viewer will then draw it (its window, its place), so that the hand-over
 * changes nothing on screen. These are its rules. Pure: no DOM, no Cornerstone.
 *
 * Anything the viewer would draw in a way not reproduced here (a VOI LUT table, a sigmoid, a
 * modality LUT table, colour) gets no first look: the viewer draws it when it is ready.
 */
import type { DataSet } from 'dicom-parser';
import type { DecodedGreyFrame } from '../data/reader/predecode';
import { autoWindow, voiRangeFor } from '../cornerstone/windowPresets';

/** Values from `lower` to `upper` go black to white (white to black when `invert`). */
export interface GreyWindow {
  lower: number;
  upper: number;
  invert: boolean;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

function firstNumber(dataSet: DataSet, tag: string): number | undefined {
  const value = dataSet.string(tag)?.split('\\')[0]?.trim();
  const number = value ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/**
 * The window the viewer opens this image with (greyImage.ts and stackWindow.ts): the file's
 * first window; without one, for MR the window picked from the image (autoWindow), else the
 * values' full range (Cornerstone's toWindowLevel of smallest and largest). Null when the viewer
 * would draw it through a table or a non-linear function.
 */
export function firstLookWindow(header: DataSet, frame: DecodedGreyFrame): GreyWindow | null {
  const photometric = header.string('x00280004')?.trim() ?? '';
  if (!/^MONOCHROME[12]$/.test(photometric)) return null;
  if (header.elements.x00283010 || header.elements.x00283000) return null; // VOI LUT, modality LUT tables
  const voiFunction = header.string('x00281056')?.trim().toUpperCase();
  if (voiFunction && voiFunction !== 'LINEAR') return null;
  const invert = photometric === 'MONOCHROME1';
  const center = firstNumber(header, 'x00281050');
  const width = firstNumber(header, 'x00281051');
  if (center !== undefined && width !== undefined && width > 0) return { ...voiRangeFor(width, center), invert };
  const modality = header.string('x00080060')?.trim();
  if (modality === 'MR') {
    const picked = autoWindow(modalityValues(frame));
    return picked ? { ...voiRangeFor(picked.width, picked.center), invert } : null;
  }
  const fullWidth = Math.abs(frame.largest - frame.smallest) + 1;
  return { ...voiRangeFor(fullWidth, (frame.smallest + frame.largest + 1) / 2), invert };
}

/** The frame's values after the rescale (decoded unscaled when a float array could not be drawn). */
function modalityValues(frame: DecodedGreyFrame): ArrayLike<number> {
  const { rescale } = frame;
  if (frame.scaled || !rescale) return frame.pixelData;
  return Float32Array.from(frame.pixelData, (v) => v * rescale.slope + rescale.intercept);
}

/** The frame's grey levels (0-255) through `window`, row by row, one byte per pixel. */
export function firstLookPixels(frame: DecodedGreyFrame, window: GreyWindow): Uint8ClampedArray<ArrayBuffer> {
  const values = modalityValues(frame);
  const greys = new Uint8ClampedArray(values.length);
  const range = window.upper - window.lower;
  for (let i = 0; i < values.length; i++) {
    const level = range > 0 ? ((values[i] - window.lower) / range) * 255 : values[i] > window.lower ? 255 : 0;
    greys[i] = window.invert ? 255 - level : level;
  }
  return greys;
}

/**
 * The whole canvas (`width` x `height` device pixels) as the viewer's viewport shows the image:
 * black, and the image's grey levels (`greys`, from firstLookPixels) scaled into `place`, each
 * canvas pixel's centre sampled bilinearly, as a canvas draws a scaled image with smoothing. Done
 * here rather than by the canvas: a worker's second canvas waited ~230 ms for the page's thread
 * (measured) before it could be drawn from.
 */
export function firstLookRaster(
  greys: Uint8ClampedArray,
  columns: number,
  rows: number,
  place: Rect,
  width: number,
  height: number,
): Uint8ClampedArray<ArrayBuffer> {
  const raster = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < raster.length; i += 4) raster[i] = 255;
  const scaleX = place.width / columns;
  const scaleY = place.height / rows;
  const firstX = Math.max(0, Math.floor(place.left));
  const lastX = Math.min(width, Math.ceil(place.left + place.width));
  const firstY = Math.max(0, Math.floor(place.top));
  const lastY = Math.min(height, Math.ceil(place.top + place.height));
  for (let y = firstY; y < lastY; y++) {
    const v = Math.min(rows - 1, Math.max(0, (y + 0.5 - place.top) / scaleY - 0.5));
    const row0 = Math.floor(v);
    const row1 = Math.min(rows - 1, row0 + 1);
    const fy = v - row0;
    for (let x = firstX; x < lastX; x++) {
      const u = Math.min(columns - 1, Math.max(0, (x + 0.5 - place.left) / scaleX - 0.5));
      const column0 = Math.floor(u);
      const column1 = Math.min(columns - 1, column0 + 1);
      const fx = u - column0;
      const top = greys[row0 * columns + column0] * (1 - fx) + greys[row0 * columns + column1] * fx;
      const bottom = greys[row1 * columns + column0] * (1 - fx) + greys[row1 * columns + column1] * fx;
      const grey = top * (1 - fy) + bottom * fy;
      const at = (y * width + x) * 4;
      raster[at] = grey;
      raster[at + 1] = grey;
      raster[at + 2] = grey;
    }
  }
  return raster;
}

/**
 * Where the viewer draws an image of `columns` x `rows` pixels when it opens it in `area`: the
 * whole image, its physical shape kept (pixel spacing [row, column]; square when uncalibrated),
 * as large as fits, centred.
 */
export function fittedRect(area: Rect, columns: number, rows: number, pixelSpacing: readonly [number, number] | null): Rect {
  const [rowSpacing, columnSpacing] = pixelSpacing && pixelSpacing[0] > 0 && pixelSpacing[1] > 0 ? pixelSpacing : [1, 1];
  const physicalWidth = columns * columnSpacing;
  const physicalHeight = rows * rowSpacing;
  const scale = Math.min(area.width / physicalWidth, area.height / physicalHeight);
  const width = physicalWidth * scale;
  const height = physicalHeight * scale;
  return { left: area.left + (area.width - width) / 2, top: area.top + (area.height - height) / 2, width, height };
}
