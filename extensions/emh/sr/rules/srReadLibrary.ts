/**
 * The image library (TID 1600) of a report: what it says about each cited image (spacing,
 * geometry, modality), which the importer needs before the images themselves are loaded.
 */

import type { PixelSpacing } from '../../lesions/rules/lesionMeasurement';
import type { CodedConcept } from '../../lesions/rules/sites';
import { CODES, sameCode } from './srCodes';
import type { SrImageReference, SrNode } from './srDicom';

type Descriptors = ReadonlyMap<string, { readonly num: number | null; readonly code: CodedConcept | null }>;

const conceptKey = (c: CodedConcept) => `${c.scheme}:${c.value}`;

/** TID 1600: group descriptors apply to every entry, the entry's own win. */
export interface LibraryEntry {
  readonly image: SrImageReference;
  readonly descriptors: Descriptors;
}

export function readLibrary(root: SrNode): Map<string, LibraryEntry> {
  const library = new Map<string, LibraryEntry>();
  const descriptorsOf = (nodes: readonly SrNode[]) =>
    new Map(
      nodes
        .filter((n) => n.relationship === 'HAS ACQ CONTEXT' && n.concept)
        .map((n) => [conceptKey(n.concept as CodedConcept), { num: n.num?.value ?? null, code: n.code }] as const),
    );
  for (const libraryNode of root.children.filter((c) => sameCode(c.concept, CODES.imageLibrary))) {
    for (const group of libraryNode.children) {
      const shared = descriptorsOf(group.children);
      const entries = group.valueType === 'IMAGE' ? [group] : group.children.filter((c) => c.valueType === 'IMAGE');
      for (const entry of entries) {
        if (!entry.image) continue;
        const own = descriptorsOf(entry.children);
        const descriptors = new Map([...(group.valueType === 'IMAGE' ? [] : shared), ...own]);
        library.set(entry.image.sopInstanceUID, { image: entry.image, descriptors });
      }
    }
  }
  return library;
}

export function geometry(descriptors: Descriptors | undefined): {
  spacing: PixelSpacing | null;
  slice: number | null;
  modality: string | null;
} {
  const num = (c: CodedConcept) => descriptors?.get(conceptKey(c))?.num ?? null;
  const h = num(CODES.horizontalPixelSpacing);
  const v = num(CODES.verticalPixelSpacing);
  const ipp = [CODES.ippX, CODES.ippY, CODES.ippZ].map(num);
  const iop = [CODES.iopRowX, CODES.iopRowY, CODES.iopRowZ, CODES.iopColumnX, CODES.iopColumnY, CODES.iopColumnZ].map(num);
  let slice: number | null = null;
  if (ipp.every((x) => x !== null) && iop.every((x) => x !== null)) {
    const [rx, ry, rz, cx, cy, cz] = iop as number[];
    // Slice normal = row direction x column direction, as the viewer computes slice positions.
    const normal = [ry! * cz! - rz! * cy!, rz! * cx! - rx! * cz!, rx! * cy! - ry! * cx!];
    slice = (ipp as number[]).reduce((sum, x, i) => sum + x * normal[i]!, 0);
  }
  const modality = descriptors?.get(conceptKey(CODES.modality))?.code?.value ?? null;
  return { spacing: h !== null && v !== null ? [v, h] : null, slice, modality };
}
