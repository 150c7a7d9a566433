import type { Types } from '@cornerstonejs/core';
import { imageGeometry } from '../geometry/imageGeometry';

/**
 * Image pixel indices [column, row] and page points (CSS pixels) of a stack viewport's current
 * image, both ways: scripts and tests point the mouse at anatomy with them. Through the
 * project's own image geometry, not Cornerstone's imageToWorldCoords (wrong per axis on
 * non-square pixels, 0,0 at a pixel corner).
 */

/** The viewport's current image and where it is on the page; refused until the image is drawn. */
function imageOnPage(viewport: Types.IStackViewport | undefined, element: HTMLElement | undefined) {
  const imageId = viewport?.getCurrentImageId();
  if (!viewport || !element || !imageId) throw new Error('No image in that viewport');
  // The stack names its image before the image is decoded and drawn: until then nothing is on screen to point at.
  if (!viewport.getImageData()) throw new Error('The image of that viewport is not drawn yet');
  return { viewport, imageId, box: element.getBoundingClientRect() };
}

export function imageToClient(
  viewport: Types.IStackViewport | undefined,
  element: HTMLElement | undefined,
  points: [number, number][],
): [number, number][] {
  const { viewport: vp, imageId, box } = imageOnPage(viewport, element);
  return points.map((point) => {
    const [x, y] = vp.worldToCanvas([...imageGeometry.indexToWorld(imageId, point)] as Types.Point3);
    return [box.left + x, box.top + y];
  });
}

export function clientToImage(
  viewport: Types.IStackViewport | undefined,
  element: HTMLElement | undefined,
  points: [number, number][],
): [number, number][] {
  const { viewport: vp, imageId, box } = imageOnPage(viewport, element);
  return points.map(([x, y]) => imageGeometry.worldToIndex(imageId, vp.canvasToWorld([x - box.left, y - box.top])));
}
