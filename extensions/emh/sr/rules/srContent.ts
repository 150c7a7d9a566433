/**
 * Builders for SR content items as dcmjs naturalized datasets. dcmjs 0.52's own SR
 * templates are broken, so the tree is assembled from these small pieces; each builder
 * writes only the attributes its value type needs (PS3.3 C.17.3 / C.18), which keeps
 * dciodvfy and dsrdump quiet.
 */

import type { CodedConcept } from '../../lesions/rules/sites';
import type { NaturalDataset, NaturalValue } from '../../../../src/data/dcmjs';

export type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS ACQ CONTEXT' | 'INFERRED FROM' | 'SELECTED FROM';

export type ContentItem = NaturalDataset;

/** An image as an SR content item points at it. */
export interface ImageReference {
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  /** Only for multi-frame images: a frame number on a single-frame image is an error. */
  readonly frame: number | null;
}

/** The DCMR mapping resource (PS3.16), named in every ContentTemplateSequence. */
const DCMR_UID = '1.2.840.10008.8.1.1';

export function codeSequence(concept: CodedConcept): NaturalDataset[] {
  return [{ CodeValue: concept.value, CodingSchemeDesignator: concept.scheme, CodeMeaning: concept.meaning.slice(0, 64) }];
}

export function templateSequence(templateId: string): NaturalDataset[] {
  return [{ MappingResource: 'DCMR', MappingResourceUID: DCMR_UID, TemplateIdentifier: templateId }];
}

function item(
  relationship: Relationship,
  valueType: string,
  concept: CodedConcept | null,
  attributes: Record<string, NaturalValue>,
  children: readonly ContentItem[],
): ContentItem {
  return {
    RelationshipType: relationship,
    ValueType: valueType,
    ...(concept ? { ConceptNameCodeSequence: codeSequence(concept) } : {}),
    ...attributes,
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  };
}

/**
 * `observationUID` (0040,A171) names the observation across documents: a measurement group
 * keeps it in every report that repeats the measurement, so a reader can tell it again.
 */
export function container(
  relationship: Relationship,
  concept: CodedConcept,
  children: readonly ContentItem[],
  templateId?: string,
  observationUID?: string,
): ContentItem {
  const attributes: Record<string, NaturalValue> = { ContinuityOfContent: 'SEPARATE' };
  if (templateId) attributes.ContentTemplateSequence = templateSequence(templateId);
  if (observationUID) attributes.ObservationUID = observationUID;
  return item(relationship, 'CONTAINER', concept, attributes, children);
}

// One small factory per value type, alike in shape on purpose: each names its own value attribute.
export function codeItem(
  relationship: Relationship,
  concept: CodedConcept,
  value: CodedConcept,
  children: readonly ContentItem[] = [],
): ContentItem {
  return item(relationship, 'CODE', concept, { ConceptCodeSequence: codeSequence(value) }, children);
}

export function textItem(
  relationship: Relationship,
  concept: CodedConcept,
  text: string,
  children: readonly ContentItem[] = [],
): ContentItem {
  return item(relationship, 'TEXT', concept, { TextValue: text }, children);
}

export function uidItem(relationship: Relationship, concept: CodedConcept, uid: string): ContentItem {
  return item(relationship, 'UIDREF', concept, { UID: uid }, []);
}

export function personItem(relationship: Relationship, concept: CodedConcept, name: string): ContentItem {
  return item(relationship, 'PNAME', concept, { PersonName: name }, []);
}

/**
 * A DS value: at most 16 characters (PS3.5 6.2), so full double precision does not fit;
 * the most significant digits that do are kept (13 or more for the values measured here,
 * far below what restoring HU to 0.1 and ratios to 0.01 needs).
 */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as a DICOM decimal`);
  for (let digits = 15; digits >= 1; digits -= 1) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  throw new RangeError(`Cannot write ${value} in 16 characters`);
}

export function numItem(
  relationship: Relationship,
  concept: CodedConcept,
  value: number,
  unit: CodedConcept,
  children: readonly ContentItem[] = [],
): ContentItem {
  const measured: NaturalDataset = {
    MeasurementUnitsCodeSequence: codeSequence(unit),
    NumericValue: formatDecimal(value),
  };
  return item(relationship, 'NUM', concept, { MeasuredValueSequence: [measured] }, children);
}

/**
 * A NUM whose value comes back exactly: the DS as numItem writes it and, when those 16
 * characters lose digits, the double itself in Floating Point Value (0040,A161, FD), which
 * PS3.3 C.18.1 provides for a value "with insufficient precision to represent as a string".
 */
export function exactNumItem(
  relationship: Relationship,
  concept: CodedConcept,
  value: number,
  unit: CodedConcept,
  children: readonly ContentItem[] = [],
): ContentItem {
  const text = formatDecimal(value);
  const measured: NaturalDataset = {
    MeasurementUnitsCodeSequence: codeSequence(unit),
    NumericValue: text,
    ...(Number(text) === value ? {} : { FloatingPointValue: value }),
  };
  return item(relationship, 'NUM', concept, { MeasuredValueSequence: [measured] }, children);
}

function referencedSop(image: ImageReference): NaturalDataset[] {
  return [
    {
      ReferencedSOPClassUID: image.sopClassUID,
      ReferencedSOPInstanceUID: image.sopInstanceUID,
      ...(image.frame !== null ? { ReferencedFrameNumber: [image.frame] } : {}),
    },
  ];
}

export function imageItem(
  relationship: Relationship,
  concept: CodedConcept | null,
  image: ImageReference,
  children: readonly ContentItem[] = [],
): ContentItem {
  return item(relationship, 'IMAGE', concept, { ReferencedSOPSequence: referencedSop(image) }, children);
}

/** A 2D outline in DICOM image coordinates (PS3.3 C.18.6), drawn on the given image. */
export function scoordItem(
  relationship: Relationship,
  graphicType: 'POINT' | 'POLYLINE' | 'ELLIPSE' | 'CIRCLE' | 'MULTIPOINT',
  graphicData: readonly number[],
  image: ImageReference,
): ContentItem {
  return item(relationship, 'SCOORD', null, { GraphicType: graphicType, GraphicData: graphicData }, [
    imageItem('SELECTED FROM', null, image),
  ]);
}
