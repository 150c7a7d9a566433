/**
 * Whether this browser's WebGL is worth drawing stacks with. Cornerstone answers it once
 * (a WebGL context plus a texture-format probe, ~50-90 ms without a stored answer) and keeps
 * the answer in a module its `init` reads. The entry chunk imports only that module, so the
 * probe runs while the rest of the viewer's code is still downloading and compiling, instead
 * of on the way to the first image.
 */
import { getRenderingCapabilities } from '@cornerstonejs/core/utilities/renderingCapabilities';

export function probeRendering(): void {
  getRenderingCapabilities();
}

/**
 * Software WebGL (SwiftShader, llvmpipe) draws a 2D stack slower than Cornerstone's CPU path,
 * so without a real GPU the viewer renders on the CPU.
 */
export function hasUsefulGpu(): boolean {
  const capabilities = getRenderingCapabilities();
  return capabilities.webgl && !capabilities.softwareRasterizer;
}

/**
 * Cornerstone's `canRenderFloatTextures` from the probe alone, for the early reads (the entry
 * chunk holds no Cornerstone init). It differs only on iOS without WebGL 2, where an early
 * read decoded with the wrong answer is read again.
 */
export function floatTexturesDrawable(): boolean {
  const capabilities = getRenderingCapabilities();
  return capabilities.webgl2 ? capabilities.floatLinear : true;
}
