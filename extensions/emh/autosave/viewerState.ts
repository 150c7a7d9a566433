/**
 * What autosave needs to know of the viewer around it: which imageId an image has in this
 * page, and whether the viewports have finished switching stacks.
 */

import { Enums } from '@cornerstonejs/core';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { ImageInstance } from '../../../src/data/types';
import type { ImageRef } from '../inventory/rules/common';

/** The imageId an image has in this page, found by its UIDs; null when it is not open. */
export function imageIdLookup(data: HostServices['data']): (ref: ImageRef) => string | null {
  const bySop = new Map<string, ImageInstance>();
  for (const series of data.series()) {
    for (const instance of series.instances) bySop.set(instance.header.sopInstanceUID, instance);
  }
  return (ref) => bySop.get(ref.sopInstanceUID)?.imageIds[ref.frame - 1] ?? null;
}

function someViewportLoading({ viewports, data }: HostServices): boolean {
  const { layout, cells } = viewports.snapshot();
  const visible = layout.split('x').reduce((n, side) => n * Number(side), 1);
  return cells.some((cell) => {
    if (!cell.seriesInstanceUID || cell.index >= visible) return false;
    const viewport = viewports.viewport(cell.index);
    // A cell given a series but not mounted yet is about to load it.
    if (!viewport) return true;
    const imageCount = data.findSeries(cell.seriesInstanceUID)?.imageIds.length ?? 0;
    return (
      viewport.viewportStatus === Enums.ViewportStatus.LOADING || !viewport.getImageData() || viewport.getImageIds().length !== imageCount
    );
  });
}

/**
 * Waits (a few seconds at most) until every viewport shows its whole stack. Cornerstone's CPU
 * viewport throws when it draws an annotation on an image it has not got yet (mid-setStack),
 * and a restore draws on whatever is on screen, which is often still arriving after a load.
 */
export async function viewportsSettled(services: HostServices): Promise<void> {
  for (let tries = 0; tries < 250 && someViewportLoading(services); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
