/**
 * An overlay canvas laid over a viewport element (the segments, the R2* map): sized to the
 * element in device pixels, so it stays sharp on a high-density screen, and cleared before each
 * draw. Returns null when the browser gives no 2D context.
 */
export function clearedOverlay(
  element: HTMLElement,
  canvas: HTMLCanvasElement,
): { context: CanvasRenderingContext2D; ratio: number } | null {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(element.clientWidth * ratio);
  const height = Math.round(element.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  return { context, ratio };
}
