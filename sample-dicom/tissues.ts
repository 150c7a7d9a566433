/**
 * Tissue classes of the phantom and their values in each series.
 *
 * Values come from docs/sample-case.md#organs-and-tissues where it gives them; the rest are
 * textbook-plausible numbers chosen only so the images look like a body (nothing measures them).
 */
import { LESIONS, type LesionId } from './lesions';

export const ANATOMIC_TISSUES = [
  'air',
  'lung',
  'fat',
  'muscle',
  'bone',
  'marrow',
  'liver',
  'spleen',
  'kidney',
  'blood',
  'csf',
  'bowel',
  'urine',
] as const;

export type AnatomicTissue = (typeof ANATOMIC_TISSUES)[number];
export type Tissue = AnatomicTissue | LesionId;

/** Label-map index order: lesions last so a label >= FIRST_LESION_LABEL is a lesion. */
export const TISSUES: readonly Tissue[] = [...ANATOMIC_TISSUES, ...LESIONS.map((lesion) => lesion.id)];

const LABELS = new Map<Tissue, number>(TISSUES.map((tissue, index) => [tissue, index]));

export function labelOf(tissue: Tissue): number {
  const label = LABELS.get(tissue);
  if (label === undefined) throw new Error(`unknown tissue ${tissue}`);
  return label;
}

/** Which value of a tissue a series shows. */
export type Contrast = 'ctNc' | 'ctPv' | 't1' | 't2';

export type TissueValues = Record<Contrast, number>;

/**
 * CT in HU; MR in arbitrary signal units (docs/sample-case.md#organs-and-tissues only fixes ratios
 * to muscle).
 */
export const ANATOMIC_VALUES: Record<AnatomicTissue, TissueValues> = {
  air: { ctNc: -1000, ctPv: -1000, t1: 0, t2: 0 },
  lung: { ctNc: -850, ctPv: -850, t1: 15, t2: 10 },
  fat: { ctNc: -100, ctPv: -100, t1: 900, t2: 700 },
  muscle: { ctNc: 55, ctPv: 60, t1: 400, t2: 300 },
  bone: { ctNc: 700, ctPv: 700, t1: 20, t2: 20 },
  marrow: { ctNc: 180, ctPv: 190, t1: 200, t2: 180 },
  liver: { ctNc: 103, ctPv: 115, t1: 120, t2: 60 },
  spleen: { ctNc: 62, ctPv: 120, t1: 300, t2: 200 },
  kidney: { ctNc: 32, ctPv: 170, t1: 320, t2: 450 },
  // Fast-flowing blood is a flow void on spin-echo images, hence the low MR values.
  blood: { ctNc: 42, ctPv: 160, t1: 50, t2: 40 },
  csf: { ctNc: 8, ctPv: 8, t1: 100, t2: 1000 },
  bowel: { ctNc: 35, ctPv: 70, t1: 300, t2: 250 },
  urine: { ctNc: 8, ctPv: 10, t1: 80, t2: 1100 },
};

export function valuesOf(tissue: Tissue): TissueValues {
  const lesion = LESIONS.find((candidate) => candidate.id === tissue);
  if (lesion === undefined) return ANATOMIC_VALUES[tissue as AnatomicTissue];
  const muscle = ANATOMIC_VALUES.muscle;
  // docs/signal.md#the-ratio defines lesion MR signal as a ratio to muscle on the same series, so
  // derive it.
  return {
    ctNc: lesion.ctHU,
    ctPv: lesion.pvHU,
    t1: Math.round(lesion.t1Ratio * muscle.t1),
    t2: Math.round(lesion.t2Ratio * muscle.t2),
  };
}

/** Value per label index for one contrast: the renderer's lookup table. */
export function valueTable(contrast: Contrast): Float64Array {
  return Float64Array.from(TISSUES, (tissue) => valuesOf(tissue)[contrast]);
}
