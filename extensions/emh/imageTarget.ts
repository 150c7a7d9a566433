import type { Types } from '@cornerstonejs/core';
import type { HostServices } from '../../src/extensions/hostServices';
import type { CommandArgs } from '../../src/extensions/types';
import { isOnImage } from '../../src/geometry/imagePlane';
import { text, type Point } from './commandArgs';

export interface ShownImage {
  imageId: string;
  viewportId: string;
  modality: string;
}

/** The image a script names, shown before it is measured on, and its points in patient mm. */
export function imageTargets(services: HostServices): {
  showImage(args: CommandArgs): Promise<ShownImage>;
  world(imageId: string, p: Point): Types.Point3;
} {
  const { viewports, data } = services;

  async function showImage(args: CommandArgs): Promise<ShownImage> {
    const seriesInstanceUID = text(args, 'seriesInstanceUID');
    await viewports.showSeries(seriesInstanceUID, { imageIndex: stackIndex(seriesInstanceUID, args) });
    const viewport = viewports.viewport();
    const imageId = viewport?.getCurrentImageId();
    if (!viewport || !imageId) throw new Error('No image on screen');
    const modality = data.instanceForImageId(imageId)?.instance.header.modality ?? '';
    return { imageId, viewportId: viewport.id, modality };
  }

  /**
   * The image a command names: InstanceNumber (with `frame`, 1-based, in a multi-frame
   * object) or, for files without InstanceNumber, `imageIndex` (0-based position in the stack).
   */
  function stackIndex(seriesInstanceUID: string, args: CommandArgs): number {
    const series = data.findSeries(seriesInstanceUID);
    if (!series) throw new Error(`No open series ${seriesInstanceUID}`);
    const { instanceNumber, frame = 1, imageIndex } = args;
    if (typeof instanceNumber === 'number') {
      const instance = series.instances.find((i) => i.header.instanceNumber === instanceNumber);
      if (!instance) throw new Error(`Series has no instance number ${instanceNumber}`);
      const imageId = typeof frame === 'number' ? instance.imageIds[frame - 1] : undefined;
      if (!imageId) throw new Error(`Instance ${instanceNumber} has no frame ${String(frame)} (it has ${instance.imageIds.length})`);
      return series.imageIds.indexOf(imageId);
    }
    if (typeof imageIndex === 'number' && Number.isInteger(imageIndex) && imageIndex >= 0 && imageIndex < series.imageIds.length)
      return imageIndex;
    throw new Error(`Name the image by "instanceNumber" (a number) or "imageIndex" (0 to ${series.imageIds.length - 1})`);
  }

  /** API points are image indices, pixel centres on integers; the host's geometry places them. */
  function world(imageId: string, p: Point): Types.Point3 {
    const plane = services.geometry.plane(imageId);
    if (plane && !isOnImage(plane, p)) {
      throw new Error(`[${p.join(', ')}] is outside the image (columns 0 to ${plane.columns - 1}, rows 0 to ${plane.rows - 1})`);
    }
    return [...services.geometry.indexToWorld(imageId, p)] as Types.Point3;
  }

  return { showImage, world };
}
