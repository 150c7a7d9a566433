/**
 * Independent check of the pages' viewer:first-image mark. An init script (the only thing
 * the bench adds to a page) listens, in the capture phase, for Cornerstone's
 * IMAGE_RENDERED and marks `emh-bench:first-pixels` at the first render whose canvas
 * centre is not uniform, i.e. shows an image rather than an empty black viewport.
 * With CPU rendering the canvas is 2D, so reading a 32 x 32 block is cheap; the listener
 * removes itself after the first hit.
 */
export const MARK_FIRST_PIXELS = 'emh-bench:first-pixels';

export function firstPixelsInitScript(renderedEvent: string): string {
  return `(() => {
  const onRendered = (event) => {
    const element = (event.detail && event.detail.element) || event.target;
    const canvas = element && element.querySelector ? element.querySelector('canvas') : null;
    if (!canvas || canvas.width < 32 || canvas.height < 32) return;
    // Only reads an existing 2D context; a WebGL canvas yields null and is skipped.
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const data = ctx.getImageData((canvas.width >> 1) - 16, (canvas.height >> 1) - 16, 32, 32).data;
    let uniform = true;
    for (let i = 4; i < data.length && uniform; i += 4) {
      uniform = data[i] === data[0] && data[i + 1] === data[1] && data[i + 2] === data[2];
    }
    if (uniform) return;
    document.removeEventListener(${JSON.stringify(renderedEvent)}, onRendered, true);
    performance.mark(${JSON.stringify(MARK_FIRST_PIXELS)});
  };
  document.addEventListener(${JSON.stringify(renderedEvent)}, onRendered, true);
})();`;
}
