/**
 * One TID 1501 measurement group, sorted into what it says: identity, finding and site,
 * numeric measurements (with their derivation and outline), qualitative calls and the
 * comment. Anything else is left in `unknown` for the not-understood list.
 */

import type { CodedConcept } from '../../lesions/rules/sites';
import type { SignalCall } from '../../signal/rules/signalRatio';
import { CODES, EMH_CODES, MEASUREMENTS, sameCode, signalCallOfCode } from './srCodes';
import { liverCallItem, type LiverCallItem } from './srDecisions';
import type { SrImageReference, SrNode } from './srDicom';
import type { ReadSite } from './srTypes';
import type { MarkedStatus } from '../../followUp/rules/followUpTypes';
import { isWorldAxis, isWorldEllipse, type WorldOutline } from './srScoord3dRead';

export interface Outline {
  readonly graphicType: string;
  /** DICOM image coordinates as stored, flattened (column, row, column, row...). */
  readonly data: readonly number[];
  readonly image: SrImageReference | null;
  /** A SCOORD3D that lies on no acquired image: its points in patient mm (a reformat's measurement). */
  readonly world?: WorldOutline;
}

/**
 * A SCOORD3D outline (patient mm in a frame of reference) placed on an open image: the image
 * it lies on, and its points in that image's SCOORD coordinates.
 */
export interface LocatedOutline {
  readonly image: SrImageReference;
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly scoordData: readonly number[];
  /** Set when the points lie on no acquired slice: `image` is then the nearest one of the series. */
  readonly world?: WorldOutline;
}

/** Finds the open image a SCOORD3D lies on; null when none does (or none is open). */
export type Scoord3dLocator = (
  frameOfReferenceUID: string,
  points: readonly (readonly [number, number, number])[],
) => LocatedOutline | null;

function triples(data: readonly number[]): [number, number, number][] {
  const points: [number, number, number][] = [];
  for (let i = 0; i + 2 < data.length; i += 3) points.push([data[i]!, data[i + 1]!, data[i + 2]!]);
  return points;
}

export interface GroupMeasurement {
  readonly node: SrNode;
  readonly concept: CodedConcept;
  readonly value: number;
  readonly unit: CodedConcept | null;
  readonly derivation: CodedConcept | null;
  readonly outline: Outline | null;
  /** The image cited without an outline (INFERRED FROM IMAGE). */
  readonly image: SrImageReference | null;
}

export interface GroupCall {
  readonly concept: CodedConcept;
  readonly call: SignalCall;
  readonly source: 'automatic' | 'override' | 'unstated';
}

export type GroupSite = ReadSite;

export interface ParsedGroup {
  readonly node: SrNode;
  readonly trackingIdentifier: string | null;
  readonly trackingUID: string | null;
  /** ObservationUID of the group: the annotation's own UID in EMH reports that track lesions by UID. */
  readonly observationUID: string | null;
  /** The lesion's status when the group states one (resolved, not evaluable). */
  readonly status: MarkedStatus | null;
  readonly finding: CodedConcept | null;
  readonly site: GroupSite | null;
  readonly measurements: readonly GroupMeasurement[];
  readonly calls: readonly GroupCall[];
  /** The liver summary's calls (automatic and override). */
  readonly liverCalls: readonly LiverCallItem[];
  readonly comment: string | null;
  /** Items of the group, or of its measurements, that were not recognised. */
  readonly unknown: readonly SrNode[];
  /** SCOORD3D outlines placed on open images, with where those images live. */
  readonly located: readonly LocatedOutline[];
}

function parseSite(node: SrNode, unknown: SrNode[]): GroupSite {
  let laterality: CodedConcept | null = null;
  let modifier: CodedConcept | null = null;
  for (const child of node.children) {
    if (sameCode(child.concept, CODES.laterality) && child.code) laterality = child.code;
    else if (sameCode(child.concept, CODES.topographicalModifier) && child.code) modifier = child.code;
    else unknown.push(child);
  }
  return {
    code: node.valueType === 'CODE' ? node.code : null,
    text: node.valueType === 'TEXT' ? node.text : null,
    laterality,
    modifier,
  };
}

function outlineOf(node: SrNode): Outline {
  const image = node.children.find((c) => c.valueType === 'IMAGE')?.image ?? null;
  return { graphicType: node.graphicType ?? '', data: node.graphicData, image };
}

function parseMeasurement(node: SrNode, unknown: SrNode[], located: LocatedOutline[], locate?: Scoord3dLocator): GroupMeasurement | null {
  if (!node.num || !node.concept) return null;
  let derivation: CodedConcept | null = null;
  let outline: Outline | null = null;
  let image: SrImageReference | null = null;
  for (const child of node.children) {
    if (sameCode(child.concept, MEASUREMENTS.derivation) && child.code) derivation = child.code;
    else if ((child.valueType === 'SCOORD' || child.valueType === 'SCOORD3D') && !outline) {
      if (child.valueType === 'SCOORD') outline = outlineOf(child);
      else {
        // Patient coordinates: drawn again on the open image whose plane holds them, if any.
        const found = locate && child.frameOfReferenceUID ? locate(child.frameOfReferenceUID, triples(child.graphicData)) : null;
        // Off every acquired slice only an axis (two points) or an ellipse (four) is understood: a
        // reformat's lesion axes or ROI.
        const place = found?.world && !found.world.onSlice && !isWorldAxis(child) && !isWorldEllipse(child) ? null : found;
        if (place) {
          located.push(place);
          outline = {
            graphicType: child.graphicType ?? '',
            data: place.scoordData,
            image: place.image,
            ...(place.world ? { world: place.world } : {}),
          };
        } else unknown.push(child);
      }
    } else if (child.valueType === 'IMAGE' && child.image) image = child.image;
    else unknown.push(child);
  }
  return { node, concept: node.concept, value: node.num.value, unit: node.num.unit, derivation, outline, image };
}

function parseCall(node: SrNode): GroupCall | null {
  const call = node.code ? signalCallOfCode(node.code) : null;
  if (!call || !node.concept) return null;
  const sourceCode = node.children.find((c) => sameCode(c.concept, EMH_CODES.callSource))?.code;
  const source = sameCode(sourceCode, EMH_CODES.override)
    ? 'override'
    : sameCode(sourceCode, EMH_CODES.automatic)
      ? 'automatic'
      : 'unstated';
  return { concept: node.concept, call, source };
}

function statusOfCode(code: CodedConcept | null): MarkedStatus | null {
  if (sameCode(code, EMH_CODES.resolved)) return 'resolved';
  if (sameCode(code, EMH_CODES.notEvaluable)) return 'not-evaluable';
  return null;
}

export function parseGroup(node: SrNode, locate?: Scoord3dLocator): ParsedGroup {
  let trackingIdentifier: string | null = null;
  let trackingUID: string | null = null;
  let finding: CodedConcept | null = null;
  let site: GroupSite | null = null;
  let comment: string | null = null;
  let status: MarkedStatus | null = null;
  const measurements: GroupMeasurement[] = [];
  const calls: GroupCall[] = [];
  const liverCalls: LiverCallItem[] = [];
  const unknown: SrNode[] = [];
  const located: LocatedOutline[] = [];
  for (const child of node.children) {
    if (sameCode(child.concept, CODES.trackingIdentifier) && child.text !== null) trackingIdentifier = child.text;
    else if (sameCode(child.concept, CODES.trackingUID) && child.uid) trackingUID = child.uid;
    else if (sameCode(child.concept, CODES.finding) && child.code) finding = child.code;
    // Finding site: TID 1501 says HAS CONCEPT MOD; some producers write CONTAINS. Either is read.
    else if (sameCode(child.concept, CODES.findingSite) && !site && (child.code || child.text)) site = parseSite(child, unknown);
    else if (sameCode(child.concept, CODES.comment) && child.text !== null && comment === null) comment = child.text;
    else if (sameCode(child.concept, EMH_CODES.lesionStatus) && statusOfCode(child.code) && status === null)
      status = statusOfCode(child.code);
    else if (child.valueType === 'NUM') {
      const measurement = parseMeasurement(child, unknown, located, locate);
      if (measurement) measurements.push(measurement);
      else unknown.push(child);
    } else if (child.valueType === 'CODE') {
      const call = parseCall(child);
      const liverCall = call ? null : liverCallItem(child);
      if (call) calls.push(call);
      else if (liverCall) liverCalls.push(liverCall);
      else unknown.push(child);
    } else unknown.push(child);
  }
  const observationUID = node.observationUID;
  return {
    node,
    trackingIdentifier,
    trackingUID,
    observationUID,
    status,
    finding,
    site,
    measurements,
    calls,
    liverCalls,
    comment,
    unknown,
    located,
  };
}
