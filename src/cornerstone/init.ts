import { init as initCore } from '@cornerstonejs/core';
import { annotation, init as initTools } from '@cornerstonejs/tools';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { registerEmhImageLoader } from './imageLoader';
import { hasUsefulGpu } from './renderingProbe';

export type RenderMode = 'cpu' | 'gpu' | 'auto';

export function initCornerstone(mode: RenderMode = 'auto'): { cpuRendering: boolean } {
  const cpuRendering = mode === 'cpu' || (mode === 'auto' && !hasUsefulGpu());
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
