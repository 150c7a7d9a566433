import { init as initCore } from '@cornerstonejs/core';
import { annotation, init as initTools } from '@cornerstonejs/tools';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { registerEmhImageLoader } from './imageLoader';

export type RenderMode = 'cpu' | 'gpu' | 'auto';

/**
 * Software WebGL (SwiftShader, llvmpipe) draws a 2D stack slower than Cornerstone's CPU path,
 * so without a real GPU the viewer renders on the CPU.
 */
function hasSoftwareWebGL(): boolean {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return true;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software|basic render/i.test(renderer);
}

export function initCornerstone(mode: RenderMode = 'auto'): { cpuRendering: boolean } {
  const cpuRendering = mode === 'cpu' || (mode === 'auto' && hasSoftwareWebGL());
  initCore({ rendering: { useCPURendering: cpuRendering }, debug: {} });
  // One decode worker per spare core; the main thread draws and parses.
  const cores = navigator.hardwareConcurrency || 2;
  dicomImageLoader.init({ maxWebWorkers: Math.max(1, Math.min(4, cores - 1)) });
  initTools();
  // Measurement text sits on a dark plate: thin yellow or green text over bright liver at a
  // liver window is otherwise hard to read.
  const styles = annotation.config.style;
  styles.setDefaultToolStyles({ global: { ...styles.getDefaultToolStyles().global, textBoxBackground: 'rgba(0, 0, 0, 0.72)' } });
  registerEmhImageLoader();
  return { cpuRendering };
}
