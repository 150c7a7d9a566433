/**
 * `window.emh`: the viewer's public scripting API. The name is kept for users' scripts even
 * though the host knows nothing of EMH; the host's own parts are named for what they are.
 */

import type { HostServices } from '../extensions/hostServices';
import type { CommandArgs } from '../extensions/types';
import type { LoadReport, Refusal } from '../data/types';
import type { SeriesModel } from '../data/studyModel';

/** Per-series attributes an extension adds to `emh.series()` (e.g. MR weighting). */
export type SeriesInfoProvider = (series: SeriesModel) => Record<string, unknown>;

export interface SeriesSummary {
  seriesInstanceUID: string;
  studyInstanceUID: string;
  modality: string;
  description: string;
  imageCount: number;
  [attribute: string]: unknown;
}

export interface EmhScriptingApi {
  ready: Promise<void>;
  load(request: { urls?: string[]; manifest?: string; dicomweb?: string; studyInstanceUID?: string }): Promise<LoadReport>;
  /**
   * Every refusal so far, read and decode, once every image read so far has been decoded.
   * `load` resolves when the files are read; a file whose pixels then fail to decode shows up here.
   */
  refusals(): Promise<Refusal[]>;
  series(): SeriesSummary[];
  show(seriesInstanceUID: string, options?: { instanceNumber?: number; viewport?: number }): Promise<void>;
  commands: { run(name: string, args?: CommandArgs): Promise<unknown>; list(): { name: string; description: string }[] };
  [extra: string]: unknown;
}

declare global {
  interface Window {
    emh: EmhScriptingApi;
  }
}

/**
 * `window.emh`: a thin face over the command registry, so scripts and tests drive the viewer
 * exactly as the toolbar does. Extensions hang their own calls on it (`emh.inventory`...).
 */
export function installWindowEmh(ready: Promise<void>, services: () => HostServices, seriesInfo: SeriesInfoProvider[]): EmhScriptingApi {
  const api: EmhScriptingApi = {
    ready,
    load: async (request) => {
      await ready;
      return (await services().commands.run('viewer.load', request)) as LoadReport;
    },
    refusals: async () => {
      await ready;
      await services().data.whenDecoded();
      return [...services().data.state().refused];
    },
    series: () =>
      services()
        .data.series()
        .map((series) => ({
          seriesInstanceUID: series.seriesInstanceUID,
          studyInstanceUID: series.studyInstanceUID,
          modality: series.modality,
          description: series.description,
          imageCount: series.imageIds.length,
          ...Object.assign({}, ...seriesInfo.map((provide) => provide(series))),
        })),
    show: async (seriesInstanceUID, options = {}) => {
      await ready;
      await services().commands.run('viewer.show', { seriesInstanceUID, ...options });
    },
    commands: {
      run: async (name, args) => {
        await ready;
        return services().commands.run(name, args ?? {});
      },
      list: () => services().commands.list(),
    },
  };
  // The page's first script put `ready` there (installEarlyWindowEmh): a script that took the
  // object then finds the rest on it.
  window.emh = Object.assign(window.emh ?? {}, api);
  return window.emh;
}

/**
 * `window.emh` from the page's first script, with `ready` only (settling with the viewer's), for
 * scripts that run before the viewer's code has loaded: it loads after the first look.
 */
export function installEarlyWindowEmh(ready: Promise<void>): void {
  window.emh = { ready } as EmhScriptingApi;
}
