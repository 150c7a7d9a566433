/**
 * The lesion segments of a case as autosave keeps them: plain JSON-safe data (the mask's bits in
 * base64), so a record stays readable whatever holds it, and every field is checked on the way
 * back: a segment restored wrong would give a wrong volume without anyone seeing it.
 */

import { ok, refused, type Result } from '../inventory/rules/common';
import type { CompactMask } from '../volumes/rules/compactMask';
import {
  SEGMENT_METHODS,
  type ImportedFrom,
  type LesionSegmentRecord,
  type ReportedVolume,
  type SegmentMethodName,
} from '../volumes/rules/segmentStore';
import type { GridSize } from '../volumes/rules/voxelGrid';

/** One lesion's segment, the mask's box and bits as in the store (see compactMask.ts). */
export interface SavedSegment {
  readonly lesionId: string;
  readonly seriesInstanceUID: string;
  readonly dims: GridSize;
  readonly origin: GridSize;
  readonly size: GridSize;
  /** The box's bits, base64. */
  readonly bits: string;
  readonly voxels: number;
  readonly volumeMl: number;
  readonly volumeMeanHU: number | null;
  /** Null for a segment painted by hand only, or imported from a SEG (which states neither range nor seed). */
  readonly range: readonly [number, number] | null;
  readonly seed: readonly [number, number, number] | null;
  readonly sliceSpacingMm: number;
  readonly method: SegmentMethodName;
  /** An imported segment's SEG and algorithm. */
  readonly imported?: ImportedFrom;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function savedSegment(record: LesionSegmentRecord): SavedSegment {
  const { mask } = record;
  return {
    lesionId: record.lesionId,
    seriesInstanceUID: record.seriesInstanceUID,
    dims: [...mask.dims],
    origin: [...mask.origin],
    size: [...mask.size],
    bits: toBase64(mask.bits),
    voxels: record.voxels,
    volumeMl: record.volumeMl,
    volumeMeanHU: record.volumeMeanHU,
    range: record.range ? [...record.range] : null,
    seed: record.seed ? [...record.seed] : null,
    sliceSpacingMm: record.sliceSpacingMm,
    method: record.method,
    ...(record.imported ? { imported: record.imported } : {}),
  };
}

export function savedSegments(records: readonly LesionSegmentRecord[]): SavedSegment[] {
  return records.map(savedSegment);
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isWhole = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function triple(value: unknown, check: (n: unknown) => n is number): readonly [number, number, number] | null {
  return Array.isArray(value) && value.length === 3 && value.every(check) ? [value[0], value[1], value[2]] : null;
}

/** Counts the set bits of a box: the voxels of the segment. */
function setBits(bits: Uint8Array, boxVoxels: number): number {
  let voxels = 0;
  for (let bit = 0; bit < boxVoxels; bit += 1) voxels += (bits[bit >> 3]! >> (bit & 7)) & 1;
  return voxels;
}

/** One saved segment back into the store's record; a thrown Error names the lesion and field. */
function segmentFromSaved(value: unknown, index: number): LesionSegmentRecord {
  if (!isObj(value)) throw new Error(`Segment ${index + 1} is not an object`);
  const label = typeof value.lesionId === 'string' && value.lesionId !== '' ? value.lesionId : null;
  const fail = (field: string): Error => new Error(`Segment of ${label ?? `entry ${index + 1}`}: "${field}" is damaged`);
  if (label === null) throw fail('lesionId');
  if (typeof value.seriesInstanceUID !== 'string' || value.seriesInstanceUID === '') throw fail('seriesInstanceUID');
  const dims = triple(value.dims, isWhole);
  if (!dims || !dims.every((n) => n > 0)) throw fail('dims');
  const origin = triple(value.origin, isWhole);
  if (!origin) throw fail('origin');
  const size = triple(value.size, isWhole);
  const empty = size?.every((n) => n === 0) === true;
  if (!size || (!empty && !size.every((n, axis) => n > 0 && origin[axis]! + n <= dims[axis]!))) throw fail('size');
  const boxVoxels = size[0] * size[1] * size[2];
  const bits = typeof value.bits === 'string' ? fromBase64(value.bits) : null;
  if (!bits || bits.length !== Math.ceil(boxVoxels / 8)) throw fail('bits');
  if (!isWhole(value.voxels) || value.voxels !== setBits(bits, boxVoxels)) throw fail('voxels');
  if (!isNumber(value.volumeMl) || value.volumeMl < 0) throw fail('volumeMl');
  if (value.volumeMeanHU !== null && !isNumber(value.volumeMeanHU)) throw fail('volumeMeanHU');
  const range = Array.isArray(value.range) && value.range.length === 2 && value.range.every(isNumber) ? value.range : null;
  const method = SEGMENT_METHODS.find((m) => m === value.method);
  if (!method) throw fail('method');
  // A painted or imported segment may have no range; every other was taken within one, and an
  // imported one never has one (the SEG does not say).
  const mayLackRange = method === 'painted' || method === 'imported';
  if (value.range === null ? !mayLackRange : method === 'imported' || !range || range[0]! > range[1]!) throw fail('range');
  // Every segment made here has the point it began from; an imported one has none but names its SEG.
  const seed = triple(value.seed, isWhole);
  if (method === 'imported' ? value.seed !== null : !seed) throw fail('seed');
  if (!isNumber(value.sliceSpacingMm) || value.sliceSpacingMm <= 0) throw fail('sliceSpacingMm');
  const imported = method === 'imported' ? importedFrom(value.imported) : null;
  if (method === 'imported' && !imported) throw fail('imported');
  const mask: CompactMask = { dims, origin, size, bits };
  return {
    lesionId: label,
    seriesInstanceUID: value.seriesInstanceUID,
    mask,
    voxels: value.voxels,
    volumeMl: value.volumeMl,
    volumeMeanHU: value.volumeMeanHU,
    range: range === null || value.range === null ? null : [range[0]!, range[1]!],
    seed,
    sliceSpacingMm: value.sliceSpacingMm,
    method,
    ...(imported ? { imported } : {}),
  };
}

function importedFrom(value: unknown): ImportedFrom | null {
  if (!isObj(value) || typeof value.segSopInstanceUID !== 'string' || !isObj(value.algorithm)) return null;
  const { type, algorithm } = value.algorithm;
  if (type === 'MANUAL') return { segSopInstanceUID: value.segSopInstanceUID, algorithm: { type } };
  if (type === 'SEMIAUTOMATIC' && typeof algorithm === 'string')
    return { segSopInstanceUID: value.segSopInstanceUID, algorithm: { type, algorithm } };
  return null;
}

/** The segments to put back into the segment store; readSegments has checked every field already. */
export function segmentRecords(saved: readonly SavedSegment[]): LesionSegmentRecord[] {
  return saved.map(segmentFromSaved);
}

/**
 * The segments part of a stored record: absent (older builds) is none; a damaged part refuses the
 * record, which is then kept aside whole rather than restored without its segments and overwritten.
 */
export function readSegments(value: unknown): Result<SavedSegment[] | null> {
  if (value === undefined || value === null) return ok(null);
  if (!Array.isArray(value)) return refused('the lesion segments are not a list');
  try {
    const records = value.map(segmentFromSaved);
    const ids = new Set(records.map((r) => r.lesionId));
    if (ids.size !== records.length) return refused('two segments are saved for one lesion');
    return ok(records.map(savedSegment));
  } catch (error) {
    return refused(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The volumes an imported report states for lesions whose SEG is not open (shown "segment not
 * loaded"), kept so that a reload shows them still, and a SEG opened later binds by them.
 */
export function readReportedVolumes(value: unknown): Result<ReportedVolume[] | null> {
  if (value === undefined || value === null) return ok(null);
  if (!Array.isArray(value)) return refused('the reported volumes are not a list');
  const out: ReportedVolume[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return refused('a reported volume is not an object');
    const v = item as Record<string, unknown>;
    const numberOrNull = (x: unknown): x is number | null => x === null || (typeof x === 'number' && Number.isFinite(x));
    const stringOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';
    if (typeof v.lesionId !== 'string' || !v.lesionId) return refused('a reported volume has no lesion');
    if (!numberOrNull(v.volumeMl) || (v.volumeMl !== null && v.volumeMl < 0))
      return refused(`the reported volume of ${v.lesionId} is not a volume`);
    if (!numberOrNull(v.mean) || !stringOrNull(v.segSopInstanceUID) || !numberOrNull(v.segmentNumber)) {
      return refused(`the reported volume of ${v.lesionId} is damaged`);
    }
    out.push({
      lesionId: v.lesionId,
      volumeMl: v.volumeMl,
      mean: v.mean,
      segSopInstanceUID: v.segSopInstanceUID,
      segmentNumber: v.segmentNumber,
    });
  }
  return ok(out);
}
