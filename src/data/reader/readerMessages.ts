import { errorMessage } from '../../util/errorMessage';
import type { InstanceHeader } from '../types';
import type { DecodedGreyFrame } from './predecode';
import type { DicomJsonDataset } from '../dicomweb/dicomJson';
import type { OpeningFrames } from '../dicomweb/openingFrames';

/** main thread -> reading worker: fetch a URL, read a File, or take bytes already fetched. */
export type ReadRequest =
  | { id: number; kind: 'url'; url: string; canRenderFloat: boolean }
  | { id: number; kind: 'blob'; blob: Blob; canRenderFloat: boolean }
  | { id: number; kind: 'bytes'; bytes: Uint8Array; canRenderFloat: boolean }
  | {
      id: number;
      kind: 'wado';
      url: string;
      headers: Record<string, string>;
      frames: number;
      metadata: DicomJsonDataset;
      canRenderFloat: boolean;
    };

/**
 * The image a first look shows: a manifest's first file, or a PACS series' opening instance as
 * its WADO-RS frames request (found by the page: openingFrames.ts).
 */
export type FirstLookOpening = { file: string } | { frames: OpeningFrames };

/**
 * main thread -> reading worker, once, before the viewer's code has loaded: read that image (the
 * file's bytes, fetched by the page; or the frames, fetched by the worker) and draw it on `canvas`
 * (the page's placeholder, in device pixels) as the viewer will (src/firstLook). The reply is
 * that image's read; `url` is where it came from.
 */
export interface FirstLookRequest {
  id: number;
  kind: 'firstLook';
  read: Extract<ReadRequest, { kind: 'bytes' | 'wado' }>;
  url: string;
  canvas: OffscreenCanvas;
}

/** The name of a reading worker whose first message is a first look (it makes its codecs after). */
export const FIRST_LOOK_WORKER = 'first-look';

/** The first look is on screen: since `shownAt` (ms since the epoch), the image read from `url` (a file, or WADO-RS frames). */
export interface FirstLookShown {
  shownAt: number;
  url: string;
}

/**
 * reading worker -> main thread. `decoded`: a single-frame greyscale image, its header bytes
 * (up to the pixel data) and its finished pixels. `bytes`: anything else, handed back whole for
 * the main thread to read as before (refusals, documents, colour, compressed, multi-frame).
 */
export type ReadReply =
  | {
      id: number;
      kind: 'decoded';
      header: InstanceHeader;
      headerBytes: Uint8Array;
      pixelTag: string;
      frame: DecodedGreyFrame;
      /** Set when the reading worker drew this image as the first look. */
      firstLook?: FirstLookShown;
    }
  | { id: number; kind: 'bytes'; bytes: Uint8Array }
  | { id: number; kind: 'unread'; reason: string }
  /** The worker could not fetch it as asked (a WADO-RS failure): the main thread asks itself. */
  | { id: number; kind: 'declined' };

/** Why a source could not be fetched, in words: a network failure is a server that did not answer. */
export function unreadReason(error: unknown): string {
  if (error instanceof TypeError && /fetch/i.test(error.message)) return 'could not be read: the server did not answer';
  return `could not be read: ${errorMessage(error)}`;
}
