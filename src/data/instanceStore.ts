import type { DataSet } from 'dicom-parser';
import type { ImageInstance, InstanceSource } from './types';
import { takeEarlyResponse } from './earlyFetch';
import type { DecodedGreyFrame } from './reader/predecode';

/**
 * Every image instance the host knows, by key, plus the parsed files of instances that were
 * read but not decoded yet. A parse is dropped once decoded so the cache holds each image once;
 * the file is read again from its source if Cornerstone ever evicts the decoded image.
 */
export class InstanceStore {
  private readonly instances = new Map<string, ImageInstance>();
  private readonly pendingDataSets = new Map<string, DataSet>();
  /** Frames decoded where they were read, until Cornerstone takes them into its cache. */
  private readonly decodedFrames = new Map<string, DecodedGreyFrame>();
  /** Parsed full datasets of multi-frame instances while their frames decode. */
  private readonly multiFrameDataSets = new Map<string, DataSet>();
  private nextKey = 1;

  newKey(): string {
    return String(this.nextKey++);
  }

  add(instance: ImageInstance, parsedFile: DataSet): void {
    this.instances.set(instance.key, instance);
    this.pendingDataSets.set(instance.key, parsedFile);
  }

  /** An image whose only frame arrived decoded (the reading worker's). */
  addDecoded(instance: ImageInstance, frame: DecodedGreyFrame): void {
    this.instances.set(instance.key, instance);
    this.decodedFrames.set(instance.key, frame);
  }

  /** An image whose file will be read again when it is first shown. */
  addUnread(instance: ImageInstance): void {
    this.instances.set(instance.key, instance);
  }

  /** The decoded frame, once: after that the cache holds it. */
  takeDecodedFrame(key: string): DecodedGreyFrame | undefined {
    const frame = this.decodedFrames.get(key);
    this.decodedFrames.delete(key);
    return frame;
  }

  get(key: string): ImageInstance | undefined {
    return this.instances.get(key);
  }

  /** The file as parsed when it was read, once: decoding reuses it instead of parsing again. */
  takeParsedFile(key: string): DataSet | undefined {
    const dataSet = this.pendingDataSets.get(key);
    this.pendingDataSets.delete(key);
    return dataSet;
  }

  rememberMultiFrame(key: string, dataSet: DataSet): void {
    this.multiFrameDataSets.set(key, dataSet);
  }

  multiFrame(key: string): DataSet | undefined {
    return this.multiFrameDataSets.get(key);
  }

  forgetMultiFrame(key: string): void {
    this.multiFrameDataSets.delete(key);
  }
}

export const instanceStore = new InstanceStore();

const IMAGE_ID_PATTERN = /^instance:([^?]+)(?:\?frame=(\d+))?$/;

/** imageIds are `instance:<key>` or, for multi-frame instances, `instance:<key>?frame=<1-based>`. */
export function imageIdFor(key: string, frame: number | null): string {
  return frame === null ? `instance:${key}` : `instance:${key}?frame=${frame}`;
}

export function parseImageId(imageId: string): { key: string; frame: number | null } | null {
  const match = IMAGE_ID_PATTERN.exec(imageId);
  if (!match) return null;
  return { key: match[1], frame: match[2] ? Number(match[2]) : null };
}

export async function readSourceBytes(source: InstanceSource, signal?: AbortSignal): Promise<Uint8Array> {
  if (source.kind === 'file') return new Uint8Array(await source.blob.arrayBuffer());
  if (source.kind === 'dicomweb') return source.reader.read(source.metadata);
  const response = await (takeEarlyResponse(source.url) ?? fetch(source.url, { signal }));
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}
