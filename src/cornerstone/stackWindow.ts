import { metaData, type Types } from '@cornerstonejs/core';
import type { SeriesModel } from '../data/studyModel';
import { autoWindow, voiRangeFor } from './windowPresets';

/** A window picked from the image's own values; false when the image has none to pick from. */
export function autoWindowLevelFor(viewport: Types.IStackViewport): boolean {
  const pixels = viewport.getImageData()?.scalarData;
  const window = pixels ? autoWindow(pixels) : null;
  if (!window) return false;
  viewport.setProperties({ voiRange: voiRangeFor(window.width, window.center) });
  return true;
}

/** The window a series opens with: the file's, or for MR without one, one picked from the image. */
export function applyDefaultWindow(viewport: Types.IStackViewport, series: SeriesModel): void {
  if (series.modality !== 'MR') return;
  const imageId = viewport.getCurrentImageId();
  const voi = imageId ? (metaData.get('voiLutModule', imageId) as { windowWidth?: number[] } | undefined) : undefined;
  // MR files often carry no window at all; without one, pick it from the image itself.
  if (!voi?.windowWidth?.length) autoWindowLevelFor(viewport);
}
