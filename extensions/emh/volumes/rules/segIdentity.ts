/**
 * The SEG's identity: its SOP Instance and Series Instance UIDs and each lesion's segment number,
 * derived from what it holds (the source series, and per lesion its id, tracking UID, how it was
 * made and its mask). The same segments give the same UIDs whenever they are written, so the SR
 * written after (or before) `emh.export("seg")` cites the SEG that was written, and a SEG imported
 * and written again keeps its UID. A changed segment gives a new SEG, as DICOM wants for new
 * content. Pure.
 */
import { nameUid } from '../../sr/rules/srUids';
import type { CompactMask } from './compactMask';
import type { SegmentMethod } from './segWrite';

export interface SegContent {
  readonly lesionId: string;
  readonly trackingUID?: string;
  readonly method: SegmentMethod;
  readonly mask: CompactMask;
}

export interface SegIdentity {
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  /** The lesions in the SEG's order: segment number = index + 1. */
  readonly lesionIds: readonly string[];
}

/** L1, L2, ..., L10: lesion ids in the order a reader counts them. */
const byLesionId = (a: SegContent, b: SegContent) => a.lesionId.localeCompare(b.lesionId, 'en', { numeric: true });

/**
 * Two FNV-1a hashes (32 bits each, different seeds and primes) over the mask's box and bits: a
 * 64-bit digest of the voxels, quick on a compact mask; the UID itself is then a 128-bit hash of
 * the digests with the lesions' ids and tracking UIDs.
 */
function maskDigest(mask: CompactMask): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  const mix = (byte: number) => {
    a = Math.imul(a ^ (byte & 0xff), 0x01000193);
    b = Math.imul(b ^ (byte & 0xff), 0x01000197);
  };
  for (const n of [...mask.dims, ...mask.origin, ...mask.size]) for (let shift = 0; shift < 32; shift += 8) mix(n >>> shift);
  for (const byte of mask.bits) mix(byte);
  return [a, b].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

function methodText(method: SegmentMethod): string {
  return method.type === 'SEMIAUTOMATIC' ? `${method.type}:${method.algorithm}` : method.type;
}

export function segIdentity(sourceSeriesInstanceUID: string, segments: readonly SegContent[]): SegIdentity {
  const ordered = [...segments].sort(byLesionId);
  const content = ordered
    .map((s) => [s.lesionId, s.trackingUID ?? '', methodText(s.method), s.mask.bits.length, maskDigest(s.mask)].join('|'))
    .join(';');
  const name = `${sourceSeriesInstanceUID};${content}`;
  return {
    sopInstanceUID: nameUid(`emh-seg/instance:${name}`),
    seriesInstanceUID: nameUid(`emh-seg/series:${name}`),
    lesionIds: ordered.map((s) => s.lesionId),
  };
}
