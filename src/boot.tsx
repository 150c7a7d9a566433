import { createRoot } from 'react-dom/client';
import { canRenderFloatTextures } from '@cornerstonejs/core';
import { App } from './app/App';
import { Notifications } from './app/notifications';
import { UiState } from './app/uiState';
import css from './app/styles.css';
import { createCoreExtension } from './coreExtension';
import { initCornerstone, type RenderMode } from './cornerstone/init';
import { SeriesPrefetch } from './cornerstone/seriesPrefetch';
import { PixelDataError } from './data/pixelAttributes';
import { ViewportService } from './cornerstone/viewportService';
import { DataManager } from './data/dataManager';
import { WorkerReader } from './data/reader/workerReader';
import { DicomwebService } from './data/dicomweb/dicomwebService';
import { StudyTimeline } from './data/studyTimeline';
import type { SeriesModel } from './data/studyModel';
import { PriorComparison } from './cornerstone/priorComparison';
import { instanceStore, parseImageId } from './data/instanceStore';
import { DEFAULT_MANIFESTS } from './data/earlyFetch';
import { manifestSources, urlSources } from './data/sources';
import type { InstanceSource } from './data/types';
import { CommandRegistry } from './extensions/commandRegistry';
import { ExtensionRegistry } from './extensions/extensionRegistry';
import type { ViewerServices } from './extensions/hostServices';
import { imageGeometry } from './geometry/imageGeometry';
import { installWindowEmh } from './scripting/windowEmh';
import { errorMessage } from './util/errorMessage';
import { endFirstLook } from './firstLook/firstLookCanvas';

const params = new URLSearchParams(location.search);
const ui = new UiState();
const commands = new CommandRegistry();
const registry = new ExtensionRegistry(commands);
let services: ViewerServices | undefined;

/** Settles once the viewer has started (main.tsx hands it to the early `window.emh`). */
export const ready = boot();
const api = installWindowEmh(
  ready,
  () => {
    if (!services) throw new Error('The viewer is still starting');
    return services;
  },
  registry.seriesInfo,
);

async function boot(): Promise<void> {
  performance.mark('viewer:boot');
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const render = params.get('render');
  initCornerstone(render === 'cpu' || render === 'gpu' ? (render as RenderMode) : 'auto');
  performance.mark('viewer:cornerstone-ready');
  const data = new DataManager();
  // Reading workers, up to one per core: a compressed series is decoded there, and decoding is
  // the load. `?prefetch=off` (below) reads on this thread instead, so that images are decoded
  // only when first shown, as the streaming of a reformat's volume is measured and tested.
  const readers = Math.max(1, Math.min(4, Number(params.get('readers')) || navigator.hardwareConcurrency || 2));
  if (params.get('prefetch') !== 'off') data.setReader(new WorkerReader({ workers: readers, canRenderFloat: canRenderFloatTextures() }));
  const notifications = new Notifications();
  const viewports = new ViewportService(data);
  const dicomweb = new DicomwebService(data);
  const seriesInfo = (series: SeriesModel) =>
    Object.assign({}, ...registry.seriesInfo.map((provide) => provide(series))) as Record<string, unknown>;
  services = {
    commands,
    data,
    viewports,
    notifications,
    dicomweb,
    geometry: imageGeometry,
    timeline: new StudyTimeline(data, dicomweb),
    priors: new PriorComparison(data, viewports, dicomweb, seriesInfo),
  };
  watchDecoding(data);
  await registry.register(createCoreExtension(ui), services);
  registry.setAwaiting(true);
  createRoot(document.getElementById('root') as HTMLElement).render(<App services={services} registry={registry} ui={ui} />);
  performance.mark('viewer:ui-rendered');
  const opened = openInitialStudy(services);
  // A first look whose image the viewer will not draw (nothing readable, or an error) goes
  // once the opening is read and no first image follows.
  void opened
    .then(() => Promise.race([firstImageShown(), new Promise((resolve) => setTimeout(resolve, FIRST_LOOK_WAIT_MS))]))
    .then(() => endFirstLook());
  // The extensions' code (their own chunk) is run and registered once the first image is on
  // screen: before it, compiling it, running it and rendering its panels delayed that image by
  // 60-75 ms on 2 cores. The toolbar and panel host keep their room meanwhile; the extensions'
  // stores catch up with what is already open (documents, patients, the autosave), and
  // `window.emh.ready` waits for them.
  await Promise.race([firstImageShown(), opened, new Promise((resolve) => setTimeout(resolve, EXTENSIONS_WAIT_MS))]);
  try {
    const { EXTENSIONS } = await import(/* webpackChunkName: "extensions", webpackPrefetch: true */ '../extensions.config');
    for (const extension of EXTENSIONS) await registry.register(extension, services);
  } catch (error) {
    notifications.show('error', `The viewer's extensions could not start: ${errorMessage(error)}`);
    throw error;
  } finally {
    registry.setAwaiting(false);
  }
  performance.mark('viewer:extensions-registered');
  Object.assign(api, registry.scripting);
}

/** How long a first look stays, once everything opened is read, waiting for the viewer's first image. */
const FIRST_LOOK_WAIT_MS = 2000;

/** The longest the extensions wait for a first image (a load that shows none still gets them). */
const EXTENSIONS_WAIT_MS = 3000;

function firstImageShown(): Promise<void> {
  return new Promise((resolve) => {
    if (performance.getEntriesByName('viewer:first-image').length > 0) return resolve();
    const observer = new PerformanceObserver(() => {
      if (performance.getEntriesByName('viewer:first-image').length === 0) return;
      observer.disconnect();
      resolve();
    });
    observer.observe({ type: 'mark' });
  });
}

/** Decodes every image as it arrives, and marks when everything opened has been decoded. */
function watchDecoding(data: DataManager): void {
  const cores = navigator.hardwareConcurrency || 2;
  const prefetch = new SeriesPrefetch(Math.max(2, cores), ({ imageId, reason }) => {
    const parsed = parseImageId(imageId);
    const name = (parsed && instanceStore.get(parsed.key)?.source.name) || imageId;
    data.reportRefusal(name, reason);
  });
  // `?prefetch=off` leaves images to be decoded when first shown: it is how the streaming of a
  // reformat's volume (slices arriving after its first view) is measured and tested.
  if (params.get('prefetch') !== 'off') data.onImage((instance) => prefetch.add(instance.imageIds));
  data.setDecodeWatcher(() => prefetch.whenIdle());
  // Cornerstone's loadAndCacheImage hands a failed load to cache.putImageLoadObject, whose
  // promise nobody holds: every decode failure would surface as an unhandled rejection. Ours are
  // worded and reported as refusals through the prefetch, so they are marked handled here.
  window.addEventListener('unhandledrejection', (event) => {
    if (event.reason instanceof PixelDataError) event.preventDefault();
  });
  let marked = false;
  data.subscribe(() => {
    if (marked || data.state().active || data.series().length === 0) return;
    void prefetch.whenIdle().then(() => {
      if (marked || data.state().active) return;
      marked = true;
      performance.mark('viewer:series-loaded');
    });
  });
}

/**
 * `?url=` (repeatable) and `?manifest=` open those files; `?dicomweb=<server>` (or a
 * `?config=<file>` naming one) connects to a PACS and opens `?study=<uid>` or its study list;
 * with none of these, the sample case: the follow-up visit, with the baseline as its prior.
 */
async function openInitialStudy(services: ViewerServices): Promise<void> {
  const { data, notifications, dicomweb } = services;
  try {
    const pacs = params.get('dicomweb') ?? (params.has('config') ? await configuredPacs(params.get('config') as string) : null);
    if (pacs) {
      dicomweb.connect(pacs);
      const study = params.get('study');
      if (study) await dicomweb.openStudy(study);
      else {
        dicomweb.setListOpen(true);
        await dicomweb.search({});
      }
      performance.mark('viewer:files-read');
      return;
    }
    // One group per manifest (a study or a visit each): every group's first image comes early.
    const groups: InstanceSource[][] = [urlSources(params.getAll('url'))];
    for (const manifest of params.getAll('manifest')) groups.push(await manifestSources(manifest));
    const explicit = params.has('url') || params.has('manifest');
    if (!explicit && !params.has('empty')) groups.push(...(await sampleCase()));
    if (groups.some((group) => group.length > 0)) await data.loadGroups(groups);
    performance.mark('viewer:files-read');
  } catch (error) {
    notifications.show('error', `Could not open the study: ${errorMessage(error)}`);
  }
}

/**
 * The sample patient at both visits. A build without the follow-up (an older sample folder)
 * still opens the baseline.
 */
async function sampleCase(): Promise<InstanceSource[][]> {
  const [followUp, baseline] = DEFAULT_MANIFESTS;
  return [await manifestSources(followUp).catch(() => []), await manifestSources(baseline)];
}

/** A deployment's config file: `{"dicomweb": {"url": "/dicom-web"}}`. */
async function configuredPacs(url: string): Promise<string | null> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`config ${url}: HTTP ${response.status}`);
  const config = (await response.json()) as { dicomweb?: { url?: unknown } };
  return typeof config.dicomweb?.url === 'string' ? config.dicomweb.url : null;
}
