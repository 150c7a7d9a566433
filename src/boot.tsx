import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Notifications } from './app/notifications';
import { UiState } from './app/uiState';
import css from './app/styles.css';
import { createCoreExtension } from './coreExtension';
import { initCornerstone, type RenderMode } from './cornerstone/init';
import { SeriesPrefetch } from './cornerstone/seriesPrefetch';
import { ViewportService } from './cornerstone/viewportService';
import { DataManager } from './data/dataManager';
import { instanceStore, parseImageId } from './data/instanceStore';
import { manifestSources, urlSources } from './data/sources';
import type { InstanceSource } from './data/types';
import { EXTENSIONS } from './extensions.config';
import { CommandRegistry } from './extensions/commandRegistry';
import { ExtensionRegistry } from './extensions/extensionRegistry';
import type { HostServices } from './extensions/hostServices';
import { installWindowEmh } from './scripting/windowEmh';

const params = new URLSearchParams(location.search);
const ui = new UiState();
const commands = new CommandRegistry();
const registry = new ExtensionRegistry(commands);
let services: HostServices | undefined;

const ready = boot();
const api = installWindowEmh(ready, () => {
  if (!services) throw new Error('The viewer is still starting');
  return services;
}, registry.seriesInfo);

async function boot(): Promise<void> {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const render = params.get('render');
  initCornerstone(render === 'cpu' || render === 'gpu' ? (render as RenderMode) : 'auto');
  const data = new DataManager();
  const notifications = new Notifications();
  const viewports = new ViewportService(data);
  services = { commands, data, viewports, notifications };
  watchDecoding(data);
  for (const extension of [createCoreExtension(ui), ...EXTENSIONS]) await registry.register(extension, services);
  Object.assign(api, registry.scripting);
  createRoot(document.getElementById('root') as HTMLElement).render(
    <App services={services} registry={registry} ui={ui} />,
  );
  void openInitialStudy(data, notifications);
}

/** Decodes every image as it arrives, and marks when everything opened has been decoded. */
function watchDecoding(data: DataManager): void {
  const cores = navigator.hardwareConcurrency || 2;
  const prefetch = new SeriesPrefetch(Math.max(2, cores), ({ imageId, reason }) => {
    const parsed = parseImageId(imageId);
    const name = (parsed && instanceStore.get(parsed.key)?.source.name) || imageId;
    data.reportRefusal(name, reason);
  });
  data.onImage((instance) => prefetch.add(instance.imageIds));
  let marked = false;
  data.subscribe(() => {
    if (marked || data.state().active || data.series().length === 0) return;
    void prefetch.whenIdle().then(() => {
      if (marked || data.state().active) return;
      marked = true;
      performance.mark('emh:series-loaded');
    });
  });
}

/** `?url=` (repeatable) and `?manifest=` open those files; with neither, the sample case. */
async function openInitialStudy(data: DataManager, notifications: Notifications): Promise<void> {
  try {
    const sources: InstanceSource[] = urlSources(params.getAll('url'));
    for (const manifest of params.getAll('manifest')) sources.push(...(await manifestSources(manifest)));
    const explicit = params.has('url') || params.has('manifest');
    if (!explicit && !params.has('empty')) sources.push(...(await manifestSources('sample/manifest.json')));
    if (sources.length > 0) await data.load(sources);
    performance.mark('emh:files-read');
  } catch (error) {
    notifications.show('error', `Could not open the study: ${error instanceof Error ? error.message : String(error)}`);
  }
}
