import type { DataSet } from 'dicom-parser';
import { readInstance, type ReadResult } from '../readInstance';
import { readSourceBytes } from '../instanceStore';
import type { InstanceSource } from '../types';
import { unreadReason } from './readerMessages';
import type { DecodedGreyFrame } from './predecode';

/**
 * What reading one source gave: as readInstance's result, except that an image may come with
 * its frame already decoded (`decoded`, the reading worker's) instead of its parsed file, and a
 * source that could not be fetched is `unread` (asking again may work).
 */
export type ReadOutcome =
  | Exclude<ReadResult, { kind: 'image' }>
  | {
      kind: 'image';
      header: Extract<ReadResult, { kind: 'image' }>['header'];
      headerDataSet: DataSet;
      fullDataSet?: DataSet;
      decoded?: DecodedGreyFrame;
    }
  | { kind: 'unread'; reason: string };

export interface InstanceReader {
  read(source: InstanceSource): Promise<ReadOutcome>;
}

/** Reads and parses on the calling thread; the image loader decodes later. */
export const thisThreadReader: InstanceReader = {
  async read(source) {
    let bytes: Uint8Array;
    try {
      bytes = await readSourceBytes(source);
    } catch (error) {
      return { kind: 'unread', reason: unreadReason(error) };
    }
    return readInstance(bytes);
  },
};
