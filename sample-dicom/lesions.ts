/**
 * The five EMH lesions of the case report (docs/sample-case.md#truth-table) and where the
 * phantom puts them.
 *
 * Placement rules: every lesion sits in a single host tissue with a margin of at least two
 * pixels on every slice it appears on (phantom.ts checks this), its in-plane axes are the
 * reported L x S exactly on its stated slice, and it is axis-aligned so the RECIST end points
 * fall on pixel rows/columns.
 */
import { cmToPixels } from './geometry';
import type { AnatomicTissue } from './tissues';

export type LesionId = 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
export type Site = 'paraspinal-thoracic' | 'paraspinal-lumbar' | 'presacral' | 'spleen';
export type Laterality = 'right' | 'left' | null;
/** 'row': the long axis runs along an image row (horizontal); 'column': along a column. */
export type AxisDirection = 'row' | 'column';

export interface Lesion {
  id: LesionId;
  site: Site;
  laterality: Laterality;
  longAxisCm: number;
  shortAxisCm: number;
  longAxisDirection: AxisDirection;
  ctHU: number;
  /** Portal venous HU; EMH enhances only mildly, so L5 stays hypodense to the spleen. */
  pvHU: number;
  t1Ratio: number;
  t2Ratio: number;
  /** InstanceNumber where the lesion is largest (its in-plane axes are exactly L x S there). */
  slice: number;
  /** Pixel index [column, row] of the centre; integers so end points are exact. */
  center: [number, number];
  /** Half-extent along z; the cross-section shrinks as an ellipsoid away from `slice`. */
  zHalfExtentMm: number;
  /** Tissue surrounding the lesion, so ROIs just outside it measure something known. */
  host: AnatomicTissue;
}

export const LESIONS: readonly Lesion[] = [
  {
    id: 'L1',
    site: 'paraspinal-thoracic',
    laterality: 'right',
    longAxisCm: 4.2,
    shortAxisCm: 2.8,
    longAxisDirection: 'column',
    ctHU: 48,
    pvHU: 58,
    t1Ratio: 1.0,
    t2Ratio: 0.6,
    slice: 10,
    center: [99, 155],
    zHalfExtentMm: 17.5,
    host: 'fat',
  },
  {
    id: 'L2',
    site: 'paraspinal-thoracic',
    laterality: 'left',
    longAxisCm: 3.6,
    shortAxisCm: 2.4,
    longAxisDirection: 'column',
    ctHU: 48,
    pvHU: 58,
    t1Ratio: 1.0,
    t2Ratio: 0.6,
    slice: 14,
    center: [159, 160],
    zHalfExtentMm: 14,
    host: 'fat',
  },
  {
    id: 'L3',
    site: 'paraspinal-lumbar',
    laterality: 'left',
    longAxisCm: 2.0,
    shortAxisCm: 1.5,
    longAxisDirection: 'row',
    ctHU: 50,
    pvHU: 60,
    t1Ratio: 0.95,
    t2Ratio: 1.5,
    slice: 42,
    center: [165, 168],
    zHalfExtentMm: 8,
    host: 'fat',
  },
  {
    id: 'L4',
    site: 'presacral',
    laterality: null,
    longAxisCm: 10.0,
    shortAxisCm: 5.7,
    longAxisDirection: 'row',
    ctHU: 42,
    pvHU: 52,
    t1Ratio: 1.025,
    t2Ratio: 0.57,
    slice: 53,
    center: [128, 146],
    zHalfExtentMm: 22,
    host: 'fat',
  },
  {
    id: 'L5',
    site: 'spleen',
    laterality: null,
    longAxisCm: 2.9,
    shortAxisCm: 2.6,
    longAxisDirection: 'row',
    ctHU: 45,
    pvHU: 75,
    t1Ratio: 0.6,
    t2Ratio: 0.5,
    slice: 28,
    center: [192, 108],
    zHalfExtentMm: 12,
    host: 'spleen',
  },
];

/** What the in-plane size of a lesion, at any time point, is made of. */
export type LesionSize = Pick<Lesion, 'longAxisCm' | 'shortAxisCm' | 'longAxisDirection'>;

/** Semi-axes in pixels as [along columns' direction = horizontal, along rows = vertical]. */
export function lesionSemiAxesPx(lesion: LesionSize): [number, number] {
  const long = cmToPixels(lesion.longAxisCm) / 2;
  const short = cmToPixels(lesion.shortAxisCm) / 2;
  return lesion.longAxisDirection === 'row' ? [long, short] : [short, long];
}
