/**
 * Minimal plain Cornerstone3D stack page: the yardstick the viewer is measured against.
 * It does what the Cornerstone3D stack examples do and nothing more: init core, tools and
 * the DICOM image loader, setStack(imageIds, 0), then tools' stackPrefetch for the rest.
 */
import { Enums, init as coreInit, RenderingEngine, setUseCPURendering, type Types } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import { init as toolsInit, utilities as toolsUtilities } from '@cornerstonejs/tools';
import { installEmh } from '../shared/emhContract';
import { markFirstImage, markSeriesLoaded, scrollAndRender } from './hooks';
import { loadImageIds } from './manifest';

async function main(): Promise<void> {
  // No GPU on the bench machine: both pages render on the CPU so the comparison is fair.
  coreInit();
  setUseCPURendering(true);
  toolsInit();
  dicomImageLoaderInit();

  const element = document.getElementById('viewport');
  if (!(element instanceof HTMLDivElement)) throw new Error('#viewport missing');
  const renderingEngine = new RenderingEngine('baseline');
  renderingEngine.enableElement({ viewportId: 'ct', type: Enums.ViewportType.STACK, element });
  const viewport = renderingEngine.getViewport('ct') as Types.IStackViewport;

  const imageIds = await loadImageIds();
  markFirstImage(element, viewport);
  const seriesLoaded = markSeriesLoaded(imageIds);
  installEmh(window, {
    ready: seriesLoaded,
    commands: {
      run: (command, args) => {
        if (command !== 'viewport.scroll') return Promise.reject(new Error(`unknown command ${String(command)}`));
        return scrollAndRender(element, viewport, args.delta);
      },
    },
  });

  await viewport.setStack(imageIds, 0);
  viewport.render();
  toolsUtilities.stackPrefetch.enable(element);
}

main().catch((error: unknown) => {
  console.error('baseline failed', error);
  document.title = `error: ${String(error)}`;
});
