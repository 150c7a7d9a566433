import { combineFrameInstanceDataset } from '@cornerstonejs/dicom-image-loader/wadouri/combineFrameInstanceDataset';
import type { DataSet } from 'dicom-parser';
import { instanceStore, parseImageId } from './instanceStore';

const frameDataSets = new Map<string, DataSet>();

/**
 * The header dataset of one image: for a frame of an enhanced multi-frame object, its shared
 * and per-frame functional groups merged on top (the image loader's own rule), so every
 * attribute read for that frame is the frame's own.
 */
export function frameDataSet(imageId: string): DataSet | undefined {
  const parsed = parseImageId(imageId);
  const instance = parsed ? instanceStore.get(parsed.key) : undefined;
  if (!parsed || !instance) return undefined;
  if (parsed.frame === null || !instance.headerDataSet.elements.x52009230) return instance.headerDataSet;
  let dataSet = frameDataSets.get(imageId);
  if (!dataSet) {
    dataSet = combineFrameInstanceDataset(parsed.frame, instance.headerDataSet) as DataSet;
    frameDataSets.set(imageId, dataSet);
  }
  return dataSet;
}
