/**
 * The radiologist's case-level decisions in the SR, written and read in one place so the two
 * cannot drift apart:
 *
 * - The liver call: its own TID 1501 measurement group ("Liver summary", finding site Liver)
 *   with CODE items (LIVER-CALL, 99EMH) whose values come from CID 222 (Normality). The
 *   automatic call and the override each carry the CALL-SOURCE concept modifier, exactly as
 *   the lesion signal calls do, so the override sits beside the automatic call, never instead.
 * - Series weighting and contrast confirmation: acquisition context of the series, so they go
 *   into that series' image library group (TID 1600), which names the series with a
 *   UIDREF (112002, DCM, "Series Instance UID"). Only the user's decisions are written: the
 *   automatic values come from the images themselves on import.
 *
 * A report without these items (an older EMH export, another producer) reads as "no
 * decision", which leaves the importing case's own decisions alone.
 */

import type { ContrastState } from '../../liver/rules/contrastState';
import type { LiverExport, SeriesExport, SeriesOverride } from '../../inventory/rules/inventoryTypes';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { CodedConcept } from '../../lesions/rules/sites';
import { codeItem, container, uidItem, type ContentItem } from './srContent';
import { CODES, CONTRAST_CODES, EMH_CODES, LIVER_CALL_CODES, LIVER_SITE, WEIGHTING_CODES, keyOfCode, sameCode } from './srCodes';
import type { SrNode } from './srDicom';
import { trackingItems } from './srGroups';
import { annotationTrackingUid } from './srUids';

export const LIVER_SUMMARY_TRACKING_ID = 'Liver summary';

type Source = 'automatic' | 'override';

function decided(concept: CodedConcept, value: CodedConcept, source: Source, relationship: 'CONTAINS' | 'HAS ACQ CONTEXT'): ContentItem {
  const sourceCode = source === 'override' ? EMH_CODES.override : EMH_CODES.automatic;
  return codeItem(relationship, concept, value, [codeItem('HAS CONCEPT MOD', EMH_CODES.callSource, sourceCode)]);
}

// ------------------------------------------------------------------ writing

/**
 * The liver summary group; null when there is nothing to say (no liver value and no
 * override). The automatic call is written only with a liver value: without one it is `none`
 * by definition, which says nothing. `trackingKey` makes the tracking UID (stable per study).
 */
export function liverSummaryGroup(liver: LiverExport, trackingKey: string): ContentItem | null {
  const items: ContentItem[] = [];
  if (liver.meanHU !== null) {
    items.push(decided(EMH_CODES.liverCall, LIVER_CALL_CODES[liver.call], 'automatic', 'CONTAINS'));
  }
  if (liver.callOverride !== null) {
    items.push(decided(EMH_CODES.liverCall, LIVER_CALL_CODES[liver.callOverride], 'override', 'CONTAINS'));
  }
  if (items.length === 0) return null;
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [
      ...trackingItems(LIVER_SUMMARY_TRACKING_ID, annotationTrackingUid(`emh-liver-summary:${trackingKey}`)),
      codeItem('HAS CONCEPT MOD', CODES.findingSite, LIVER_SITE),
      ...items,
    ],
    '1501',
  );
}

/** Items for a series' image library group: the series' UID, then the user's decisions. */
export function seriesDecisionItems(series: SeriesExport | undefined): ContentItem[] {
  if (!series || (series.weightingOverride === null && series.contrastOverride === null)) return [];
  const items = [uidItem('HAS ACQ CONTEXT', CODES.seriesInstanceUID, series.seriesInstanceUID)];
  if (series.weightingOverride !== null) {
    const value = WEIGHTING_CODES[series.weightingOverride];
    items.push(decided(EMH_CODES.seriesWeighting, value, 'override', 'HAS ACQ CONTEXT'));
  }
  if (series.contrastOverride !== null) {
    const value = CONTRAST_CODES[series.contrastOverride];
    items.push(decided(EMH_CODES.seriesContrast, value, 'override', 'HAS ACQ CONTEXT'));
  }
  return items;
}

// ------------------------------------------------------------------ reading

function sourceOf(node: SrNode): Source | 'unstated' {
  const code = node.children.find((c) => sameCode(c.concept, EMH_CODES.callSource))?.code ?? null;
  if (sameCode(code, EMH_CODES.override)) return 'override';
  if (sameCode(code, EMH_CODES.automatic)) return 'automatic';
  return 'unstated';
}

export interface LiverCallItem {
  readonly call: LiverCall;
  readonly source: Source | 'unstated';
}

/** A LIVER-CALL item of a measurement group; null for any other item or an unknown value. */
export function liverCallItem(node: SrNode): LiverCallItem | null {
  if (node.valueType !== 'CODE' || !sameCode(node.concept, EMH_CODES.liverCall)) return null;
  const call = keyOfCode(LIVER_CALL_CODES, node.code);
  return call === null ? null : { call, source: sourceOf(node) };
}

export interface SeriesDecisionsRead {
  readonly decisions: Readonly<Record<string, SeriesOverride>>;
  /** Decision items that could not be placed or whose value is unknown. */
  readonly notUnderstood: readonly string[];
}

/**
 * The user's decisions in the image library groups. A group names its series by UIDREF;
 * failing that (a hand-made report), by where the evidence puts its first image.
 */
export function readSeriesDecisions(library: SrNode, seriesOfSop: (sopInstanceUID: string) => string | null): SeriesDecisionsRead {
  const decisions: Record<string, SeriesOverride> = {};
  const notUnderstood: string[] = [];
  for (const group of library.children) {
    let weighting: Weighting | null = null;
    let contrast: ContrastState | null = null;
    for (const item of group.children) {
      const isWeighting = sameCode(item.concept, EMH_CODES.seriesWeighting);
      if (!isWeighting && !sameCode(item.concept, EMH_CODES.seriesContrast)) continue;
      // Only the radiologist's decisions restore; an item of unstated source is a description.
      if (sourceOf(item) !== 'override') continue;
      const unknownValue = () => notUnderstood.push(`Image library item ${item.path}: unknown value ${item.code?.value ?? '(none)'}`);
      if (isWeighting) {
        const value = keyOfCode(WEIGHTING_CODES, item.code);
        if (value === null) unknownValue();
        else weighting = value;
      } else {
        const value = keyOfCode(CONTRAST_CODES, item.code);
        if (value === null) unknownValue();
        else contrast = value;
      }
    }
    if (weighting === null && contrast === null) continue;
    const firstImage = group.children.find((c) => c.image)?.image?.sopInstanceUID ?? null;
    const uid =
      group.children.find((c) => sameCode(c.concept, CODES.seriesInstanceUID) && c.uid)?.uid ??
      (firstImage ? seriesOfSop(firstImage) : null);
    if (uid === null) notUnderstood.push(`Image library group ${group.path}: series decisions without a series`);
    else decisions[uid] = { weighting, contrast };
  }
  return { decisions, notUnderstood };
}
