/**
 * The inventory panel's view model: how each value reads in the table and how rows sort.
 * No React here, so every formatting rule (null is a dash, never 0; cm only when
 * calibrated; overrides beside the automatic call) has a unit test.
 */

import { LENGTH_CALIBRATION_WORDS } from '../../lesions/rules/lesionMeasurement';
import { EMH_SITES } from '../../lesions/rules/sites';
import type { ContrastState } from '../../liver/rules/contrastState';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { SignalCall } from '../../signal/rules/signalRatio';
import { CALL_WORDING } from '../../signal/rules/callWording';
import type { EmhWarning } from './common';
import type { EmhInventory, LesionExport, LesionSignalExport, LiverExport, MuscleReferenceExport } from './inventoryTypes';

/** What an unmeasured value shows. A 0 would read as a measurement. */
export const DASH = '–';

/** Fixed decimals, a dash for null or non-finite, and no "-0.0" for values that round to zero. */
export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = value.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

export const formatHu = (hu: number | null | undefined): string => formatNumber(hu, 1);

export const formatRatio = (ratio: number | null | undefined): string => formatNumber(ratio, 2);

/** Sizes are stored in mm and reported in cm, one decimal (docs/lesions.md#units-and-rounding). */
export const formatCm = (mm: number | null | undefined): string => (mm === null || mm === undefined ? DASH : formatNumber(mm / 10, 1));

/** "+41.0": a difference reads better with its sign, and a positive one needs it spelled out. */
export function formatSigned(value: number | null | undefined, decimals = 1): string {
  const text = formatNumber(value, decimals);
  return text !== DASH && !text.startsWith('-') && Number(text) !== 0 ? `+${text}` : text;
}

/** "2.00 cm²", or a dash when the image had no pixel spacing. */
export const formatAreaCm2 = (mm2: number | null | undefined): string =>
  mm2 === null || mm2 === undefined ? DASH : `${formatNumber(mm2 / 100, 2)} cm²`;

/** "48.0 ± 8.0" (SD is the population SD of the ROI). */
export function formatMeanSd(mean: number | null | undefined, sd: number | null | undefined): string {
  if (mean === null || mean === undefined) return DASH;
  return sd === null || sd === undefined ? formatHu(mean) : `${formatHu(mean)} ± ${formatHu(sd)}`;
}

// ---------------------------------------------------------------- size

export type SizeView =
  | { readonly kind: 'cm'; readonly text: string }
  | { readonly kind: 'px'; readonly text: string }
  | { readonly kind: 'none'; readonly text: string };

/**
 * "10.0 x 5.7 cm"; an uncalibrated measurement shows its pixels, labelled as such, and
 * never a unit of length (docs/lesions.md#uncalibrated-images).
 */
export function sizeView(lesion: Pick<LesionExport, 'longAxisMm' | 'shortAxisMm' | 'axesPx' | 'lengthCalibration'>): SizeView {
  if (lesion.longAxisMm !== null && lesion.shortAxisMm !== null) {
    const where = LENGTH_CALIBRATION_WORDS[lesion.lengthCalibration ?? 'patient'];
    return { kind: 'cm', text: `${formatCm(lesion.longAxisMm)} x ${formatCm(lesion.shortAxisMm)} cm${where ? ` (${where})` : ''}` };
  }
  if (lesion.axesPx !== null) {
    const { longAxisPx, shortAxisPx } = lesion.axesPx;
    return { kind: 'px', text: `uncalibrated: ${Math.round(longAxisPx)} x ${Math.round(shortAxisPx)} px` };
  }
  return { kind: 'none', text: DASH };
}

// ---------------------------------------------------------------- MR signal

// A table cell has the short wording of a call; its tooltip the full label.

export interface SignalView {
  readonly ratio: string;
  /** The automatic call, short; null when there is none (no ROI or no muscle reference). */
  readonly call: string | null;
  /** The radiologist's call, short; null when the automatic one stands. */
  readonly override: string | null;
  /** "0.60 hypo → override: iso", for the cell's accessible text and the tooltip. */
  readonly text: string;
  readonly title: string;
  /** The call a reader goes by (override, else automatic), for styling. */
  readonly inForce: SignalCall | null;
  readonly measured: boolean;
}

export function signalView(signal: LesionSignalExport, weighting: 'T1' | 'T2'): SignalView {
  const measured = signal.annotationUID !== null;
  const ratio = formatRatio(signal.ratio);
  const call = signal.call === null ? null : CALL_WORDING[signal.call].short;
  const override = signal.override === null ? null : CALL_WORDING[signal.override].short;
  const automatic = call === null ? ratio : `${ratio} ${call}`;
  const text = override === null ? automatic : `${automatic} → override: ${override}`;
  const detail: string[] = [];
  if (!measured) detail.push(`No ${weighting} ROI for this lesion`);
  else if (signal.muscleMean === null) detail.push(`No muscle reference on the ${weighting} series`);
  else {
    detail.push(`Lesion ${formatNumber(signal.lesionMean, 1)} / muscle ${formatNumber(signal.muscleMean, 1)}`);
    if (signal.muscleDistanceMm !== null) detail.push(`muscle ROI ${formatNumber(signal.muscleDistanceMm, 0)} mm away`);
  }
  if (signal.call !== null) detail.push(`automatic: ${CALL_WORDING[signal.call].label}`);
  if (signal.override !== null) detail.push(`override: ${CALL_WORDING[signal.override].label}`);
  return {
    ratio,
    call,
    override,
    text,
    title: `${weighting}: ${detail.join('; ')}`,
    inForce: signal.override ?? signal.call,
    measured,
  };
}

// ---------------------------------------------------------------- where it is

/** "AX T2 TSE, image 15": the image the size was measured on (refs[0]), where the row leads. */
export function locationText(lesion: Pick<LesionExport, 'refs'>): string {
  const { series, image } = locationParts(lesion);
  return image === '' ? series : `${series}, ${image}`;
}

/** The same, in two parts, so a narrow cell can shorten the series and keep the image number. */
export function locationParts(lesion: Pick<LesionExport, 'refs'>): { readonly series: string; readonly image: string } {
  const ref = lesion.refs[0];
  if (ref === undefined) return { series: 'Not on any image yet', image: '' };
  const series = ref.seriesDescription.trim() || `${ref.modality} series`;
  return { series, image: `image ${ref.instanceNumber ?? '?'}` };
}

// ---------------------------------------------------------------- warnings

/** Groups lesion warnings by lesion id, in the order the domain gave them. */
export function warningsByLesion(warnings: readonly EmhWarning[]): ReadonlyMap<string, readonly EmhWarning[]> {
  const byLesion = new Map<string, EmhWarning[]>();
  for (const warning of warnings) {
    if (warning.lesionId === undefined) continue;
    const list = byLesion.get(warning.lesionId) ?? [];
    if (!list.some((w) => w.message === warning.message)) list.push(warning);
    byLesion.set(warning.lesionId, list);
  }
  return byLesion;
}

/**
 * The warnings a row lists. "Site not set" is left out because the site cell itself says
 * so in the warning colour; repeating it under every new lesion would be noise.
 */
export function rowWarnings(byLesion: ReadonlyMap<string, readonly EmhWarning[]>, lesionId: string): readonly EmhWarning[] {
  return (byLesion.get(lesionId) ?? []).filter((w) => w.code !== 'site-not-set');
}

/** Warnings that belong to no lesion (series, muscle references), for the top of the panel. */
export function generalWarnings(warnings: readonly EmhWarning[]): readonly EmhWarning[] {
  return dedupe(warnings.filter((w) => w.lesionId === undefined));
}

function dedupe(warnings: readonly EmhWarning[]): EmhWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => (seen.has(w.message) ? false : (seen.add(w.message), true)));
}

// ---------------------------------------------------------------- sorting

export const SORT_KEYS = ['id', 'site', 'size', 'ct', 't1', 't2'] as const;

export type SortKey = (typeof SORT_KEYS)[number];

export type SortDirection = 'ascending' | 'descending';

export interface SortOrder {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

/** Creation order, which for the store's ids is numeric id order. */
export const DEFAULT_SORT: SortOrder = { key: 'id', direction: 'ascending' };

/** Clicking the sorted column flips it; another column starts ascending. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** L2 before L10; ids that are not "L<number>" (SR imports) follow, by text. */
export function compareLesionIds(a: string, b: string): number {
  const na = /^L(\d+)$/.exec(a);
  const nb = /^L(\d+)$/.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]);
  if (na) return -1;
  if (nb) return 1;
  return a.localeCompare(b, undefined, { numeric: true });
}

/**
 * A sort key of one row. `group` is compared first and never flips with the direction:
 * it keeps apart values that cannot be compared (calibrated sizes come before pixel
 * sizes, ratios before override-only calls). `value` is compared next, item by item, and
 * flips. Null means "not measured", which always sorts last whichever the direction: a
 * reader sorting by size wants the largest lesion at the top, not a blank.
 */
type SortValue = { readonly group: number; readonly value: readonly (number | string)[] } | null;

/** Anatomical order of the site list (thoracic, lumbar, presacral ...), then laterality. */
const SITE_RANK = new Map<string, number>(EMH_SITES.map((site, i) => [site, i]));

/** Hypo to hyper, so an ascending T2 sort groups the iron-laden foci first. */
const CALL_RANK: Readonly<Record<SignalCall, number>> = {
  'markedly-hypo': 0,
  hypo: 1,
  iso: 2,
  hyper: 3,
  indeterminate: 4,
};

function signalSortValue(signal: LesionSignalExport): SortValue {
  if (signal.ratio !== null) return { group: 0, value: [signal.ratio] };
  // An override without a ratio (no muscle reference yet) still sorts by its call.
  const call = signal.override ?? signal.call;
  return call === null ? null : { group: 1, value: [CALL_RANK[call]] };
}

function sortValue(lesion: LesionExport, key: Exclude<SortKey, 'id'>): SortValue {
  switch (key) {
    case 'site':
      return lesion.site === null
        ? null
        : { group: 0, value: [SITE_RANK.get(lesion.site) ?? EMH_SITES.length, lesion.siteLabel.toLowerCase()] };
    case 'size':
      if (lesion.longAxisMm !== null) return { group: 0, value: [lesion.longAxisMm] };
      return lesion.axesPx === null ? null : { group: 1, value: [lesion.axesPx.longAxisPx] };
    case 'ct':
      return lesion.ct.meanHU === null ? null : { group: 0, value: [lesion.ct.meanHU] };
    case 't1':
      return signalSortValue(lesion.t1);
    case 't2':
      return signalSortValue(lesion.t2);
  }
}

function compareTuples(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** A comparator for one column; ties fall back to id order so the table never shuffles. */
export function lesionComparator(order: SortOrder): (a: LesionExport, b: LesionExport) => number {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const key = order.key;
  if (key === 'id') return (a, b) => sign * compareLesionIds(a.id, b.id);
  return (a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
      return compareLesionIds(a.id, b.id);
    }
    if (va.group !== vb.group) return va.group - vb.group;
    const byValue = compareTuples(va.value, vb.value);
    return byValue !== 0 ? sign * byValue : compareLesionIds(a.id, b.id);
  };
}

export function sortLesions(lesions: readonly LesionExport[], order: SortOrder): LesionExport[] {
  return [...lesions].sort(lesionComparator(order));
}

// ---------------------------------------------------------------- liver

export const LIVER_CALL_LABELS: Readonly<Record<LiverCall, string>> = {
  below: 'Below',
  within: 'Within',
  above: 'Above',
  none: 'No call',
};

export const CONTRAST_LABELS: Readonly<Record<ContrastState, string>> = {
  unenhanced: 'Unenhanced',
  enhanced: 'Enhanced',
  unknown: 'Contrast state unknown',
};

export interface LiverCallView {
  /** "Above 54–60 HU", the call in force against the range. */
  readonly text: string;
  readonly inForce: LiverCall;
  /** "automatic: within", shown beside an override. */
  readonly automaticNote: string | null;
}

export function liverRangeText(liver: Pick<LiverExport, 'normalRangeHU'>): string {
  const [low, high] = liver.normalRangeHU;
  return `${low}–${high} HU`;
}

export function liverCallView(liver: Pick<LiverExport, 'call' | 'callOverride' | 'normalRangeHU'>): LiverCallView {
  const inForce = liver.callOverride ?? liver.call;
  const text = inForce === 'none' ? 'No call' : `${LIVER_CALL_LABELS[inForce]} ${liverRangeText(liver)}`;
  const overridden = liver.callOverride !== null && liver.callOverride !== liver.call;
  return {
    text,
    inForce,
    automaticNote: overridden ? `automatic: ${LIVER_CALL_LABELS[liver.call].toLowerCase()}` : null,
  };
}

/** Series whose ROIs make the liver summary, where a contrast confirmation applies. */
export function summarisedLiverSeries(liver: Pick<LiverExport, 'rois'>): string[] {
  return [...new Set(liver.rois.filter((r) => r.inSummary).map((r) => r.ref.seriesInstanceUID))];
}

// ---------------------------------------------------------------- muscle references

export interface MuscleSeriesGroup {
  readonly seriesInstanceUID: string;
  readonly description: string;
  readonly automaticWeighting: Weighting;
  readonly weightingOverride: Weighting | null;
  readonly references: readonly MuscleReferenceExport[];
}

/**
 * One group per MR series an annotation sits on, with its muscle references (possibly
 * none: that is where a reader learns a T2 series still lacks its reference).
 */
export function muscleSeriesGroups(inventory: Pick<EmhInventory, 'series' | 'muscleReferences'>): MuscleSeriesGroup[] {
  const groups = inventory.series
    .filter((s) => s.modality.toUpperCase() === 'MR')
    .map((s) => ({
      seriesInstanceUID: s.seriesInstanceUID,
      description: s.description.trim() || 'MR series without description',
      automaticWeighting: s.weighting,
      weightingOverride: s.weightingOverride,
      references: inventory.muscleReferences.filter((m) => m.seriesInstanceUID === s.seriesInstanceUID),
    }));
  // A muscle ROI whose series is not in `series` would be lost; the domain lists every
  // annotated series, so this only guards against a future change there.
  const known = new Set(groups.map((g) => g.seriesInstanceUID));
  for (const ref of inventory.muscleReferences) {
    if (known.has(ref.seriesInstanceUID)) continue;
    known.add(ref.seriesInstanceUID);
    groups.push({
      seriesInstanceUID: ref.seriesInstanceUID,
      description: 'MR series',
      automaticWeighting: ref.weighting,
      weightingOverride: null,
      references: inventory.muscleReferences.filter((m) => m.seriesInstanceUID === ref.seriesInstanceUID),
    });
  }
  return groups;
}
