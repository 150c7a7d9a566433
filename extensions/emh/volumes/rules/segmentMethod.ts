/**
 * How the SEG states the way a segment was made (SegmentAlgorithmType and Name). A segment the
 * viewer computed from the reader's seed or drawn region is SEMIAUTOMATIC with the algorithm
 * named; one the reader then corrected by hand stays SEMIAUTOMATIC, its name saying it was
 * edited (the computation still made most of it); one painted with the brush only is MANUAL; one
 * imported keeps what its SEG said.
 */
import type { SegmentMethod } from './segWrite';
import type { LesionSegmentRecord } from './segmentStore';

export function segAlgorithm(record: Pick<LesionSegmentRecord, 'method' | 'imported'>): SegmentMethod {
  switch (record.method) {
    case 'grown':
      return { type: 'SEMIAUTOMATIC', algorithm: 'EMH region growing' };
    case 'thresholded':
      return { type: 'SEMIAUTOMATIC', algorithm: 'EMH threshold within region' };
    case 'edited':
      return { type: 'SEMIAUTOMATIC', algorithm: 'EMH edited by hand' };
    case 'painted':
      return { type: 'MANUAL' };
    case 'imported':
      // Written again as the SEG it came from said it was made.
      if (!record.imported) throw new Error('An imported segment has lost the algorithm its SEG gave');
      return record.imported.algorithm;
  }
}
