import { Enums } from '@cornerstonejs/core';
import type { HostServices } from '../../../src/extensions/hostServices';

export interface KeyImageRef {
  seriesInstanceUID: string;
  instanceNumber: number;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Resolves once the viewport has drawn its image and the annotation layer has followed. */
async function drawn(element: HTMLElement, change: () => Promise<void>, render: () => void): Promise<void> {
  const rendered = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000); // never hang an export on a lost event
    element.addEventListener(
      Enums.Events.IMAGE_RENDERED,
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
  await change();
  render(); // the image may already have been on screen: draw it again so the event comes
  await rendered;
  // Cornerstone draws annotations on the animation frame after the image.
  await nextFrame();
  await nextFrame();
}

function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  return image.decode().then(() => image);
}

function pngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) reject(new Error('The key image could not be encoded as PNG'));
      else void blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)));
    }, 'image/png');
  });
}

/**
 * The image as the radiologist sees it in the viewport, with the annotations burned in: the
 * rendered canvas plus Cornerstone's SVG annotation layer. The host's text overlay (patient
 * name, ID, dates) is separate DOM and is never drawn, so it cannot reach a teaching image;
 * canvas PNGs carry no text metadata either.
 */
async function captureViewport(element: HTMLElement): Promise<Uint8Array> {
  const canvas = element.querySelector('canvas');
  if (!canvas) throw new Error('The viewport has no image to capture');
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const context = out.getContext('2d');
  if (!context) throw new Error('No 2D canvas for the key image');
  context.fillStyle = '#000';
  context.fillRect(0, 0, out.width, out.height);
  context.drawImage(canvas, 0, 0);
  const svg = element.querySelector<SVGSVGElement>('svg.svg-layer');
  if (svg)
    context.drawImage(await svgImage(svg, svg.clientWidth || out.width, svg.clientHeight || out.height), 0, 0, out.width, out.height);
  return pngBytes(out);
}

/**
 * PNGs of the key images, each shown in the active viewport in turn; the viewport then goes
 * back to the series and image it showed before.
 */
export async function captureKeyImages(services: HostServices, keyImages: readonly KeyImageRef[]): Promise<Uint8Array[]> {
  const { viewports } = services;
  const element = viewports.element();
  const viewport = viewports.viewport();
  if (!element || !viewport) throw new Error('No viewport to draw the key images in');
  const index = viewports.snapshot().activeIndex;
  const before = viewports.seriesIn(index);
  const beforeImage = viewport.getCurrentImageIdIndex();
  const pngs: Uint8Array[] = [];
  try {
    for (const key of keyImages) {
      await drawn(
        element,
        () => viewports.showSeries(key.seriesInstanceUID, { instanceNumber: key.instanceNumber }),
        () => viewports.viewport()?.render(),
      );
      pngs.push(await captureViewport(element));
    }
  } finally {
    if (before) await viewports.showSeries(before.seriesInstanceUID, { imageIndex: beforeImage });
  }
  return pngs;
}
