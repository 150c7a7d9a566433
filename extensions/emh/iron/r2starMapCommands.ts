import { Enums, imageLoader } from '@cornerstonejs/core';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import { echoSeriesOf } from './echoSeries';
import type { EchoTrain } from './rules/echoTrain';
import { R2STAR_SCALE_HZ } from './rules/r2starColours';
import type { R2starMap } from './rules/r2starMap';
import { R2starWorkerClient } from './r2starWorkerClient';
import { R2starMapView } from './r2starMapView';
import { Observable } from '../../../src/state/observable';

/** Whether the map is shown: the toolbar's button is pressed while it is. */
export class R2starMapSwitch extends Observable {
  #on = false;
  isPressed(): boolean {
    return this.#on;
  }
  set(on: boolean): void {
    if (on === this.#on) return;
    this.#on = on;
    this.notify();
  }
}

/** The map of one slice position of one series, computed once and kept while the map is on. */
interface PositionMap {
  readonly seriesInstanceUID: string;
  readonly train: EchoTrain;
  readonly map: Promise<{ map: R2starMap; ms: number }>;
}

interface Showing {
  readonly index: number;
  readonly element: HTMLDivElement;
  readonly view: R2starMapView;
  readonly stop: () => void;
  current: PositionMap | null;
  ready: R2starMap | null;
}

/** The echoes of a position as rescaled values, copies the worker may take over. */
async function echoValues(train: EchoTrain): Promise<{ columns: number; rows: number; echoes: Float32Array[] }> {
  const images = await Promise.all(train.echoes.map((echo) => imageLoader.loadAndCacheImage(echo.id)));
  const first = images[0]!;
  const echoes = images.map((image) => {
    if (image.columns !== first.columns || image.rows !== first.rows) throw new Error('The echoes of this position differ in size');
    const stored = image.getPixelData();
    // The loader may have rescaled the values already (preScale); then they are used as they are.
    const scaled = image.preScale?.scaled === true;
    const slope = scaled ? 1 : (image.slope ?? 1);
    const intercept = scaled ? 0 : (image.intercept ?? 0);
    const values = new Float32Array(stored.length);
    for (let i = 0; i < stored.length; i++) values[i] = stored[i]! * slope + intercept;
    return values;
  });
  return { columns: first.columns, rows: first.rows, echoes };
}

/**
 * The R2* map toggle: `emh.r2starMap {on}` shows, over the active viewport's T2* series, the
 * R2* of every pixel of the slice position on screen (computed in a worker when the position
 * is first shown, then kept), with a legend and the value under the cursor; `emh.r2starAt
 * {column, row}` reads the map. It turns itself off when the viewport shows another series
 * that is not T2*.
 */
export function r2starMapCommands(services: HostServices, mapSwitch: R2starMapSwitch): CommandDefinition[] {
  const { viewports, data, geometry } = services;
  const worker = new R2starWorkerClient();
  const maps = new Map<string, PositionMap>();
  let showing: Showing | null = null;

  function positionOf(imageId: string | undefined, seriesInstanceUID: string | undefined): PositionMap | 'not-t2star' | null {
    const series = seriesInstanceUID ? data.findSeries(seriesInstanceUID) : undefined;
    if (!series || !imageId) return null;
    const echo = echoSeriesOf(series);
    if (echo.kind !== 't2star') return 'not-t2star';
    const train = echo.trains.find((t) => t.echoes.some((e) => e.id === imageId));
    if (!train) return null;
    const key = `${series.seriesInstanceUID}|${train.slicePositionMm}`;
    let entry = maps.get(key);
    if (!entry) {
      const map = echoValues(train).then((stack) => worker.map({ ...stack, echoTimesMs: train.echoes.map((e) => e.echoTimeMs) }));
      entry = { seriesInstanceUID: series.seriesInstanceUID, train, map };
      maps.set(key, entry);
      // A failed map is not kept: the next render asks again.
      map.catch((error: unknown) => {
        maps.delete(key);
        services.notifications.show('error', error instanceof Error ? error.message : String(error));
      });
    }
    return entry;
  }

  /** Follows the viewport: its position's map (computed when new), or off on a series that is not T2*. */
  function follow(): void {
    const s = showing;
    if (!s) return;
    const viewport = viewports.viewport(s.index);
    const imageId = viewport?.getCurrentImageId();
    const position = positionOf(imageId, viewports.snapshot().cells[s.index]?.seriesInstanceUID ?? undefined);
    if (position === 'not-t2star' || !viewport || viewports.element(s.index) !== s.element) {
      off();
      return;
    }
    if (position !== s.current) {
      s.current = position;
      s.ready = null;
      s.view.setMap(null, null);
      position?.map.then(
        ({ map }) => {
          if (showing !== s || s.current !== position) return;
          s.ready = map;
          s.view.setMap(map, viewport.getCurrentImageId() ?? null);
        },
        () => undefined,
      );
      return;
    }
    if (s.ready && imageId) s.view.setMap(s.ready, imageId);
  }

  function valueAt(column: number, row: number): number | null {
    const map = showing?.ready;
    if (!map) return null;
    const c = Math.round(column);
    const r = Math.round(row);
    if (c < 0 || r < 0 || c >= map.columns || r >= map.rows) return null;
    const value = map.r2starHz[r * map.columns + c]!;
    return Number.isFinite(value) ? value : null;
  }

  function on(): Showing {
    if (showing) return showing;
    const index = viewports.snapshot().activeIndex;
    const element = viewports.element(index);
    const viewport = viewports.viewport(index);
    const imageId = viewport?.getCurrentImageId();
    const position = positionOf(imageId, viewports.snapshot().cells[index]?.seriesInstanceUID ?? undefined);
    if (!element || !viewport || !position || position === 'not-t2star')
      throw new Error('The R2* map needs a T2* series (three or more echo times at a position) in the active viewport');
    const view = new R2starMapView(element, () => viewports.viewport(index), geometry);
    // Every render (a new image, pan, zoom, window): the map follows.
    const rendered = (): void => follow();
    const moved = (event: MouseEvent): void => {
      try {
        const [[column, row]] = viewports.clientToImage([[event.clientX, event.clientY]], index) as [[number, number]];
        view.showValue(valueAt(column, row));
      } catch {
        view.showValue(null);
      }
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, rendered);
    element.addEventListener('mousemove', moved);
    const unsubscribe = viewports.subscribe(follow);
    const stop = (): void => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, rendered);
      element.removeEventListener('mousemove', moved);
      unsubscribe();
    };
    showing = { index, element, view, stop, current: null, ready: null };
    mapSwitch.set(true);
    follow();
    return showing;
  }

  function off(): void {
    const s = showing;
    showing = null;
    if (!s) return;
    mapSwitch.set(false);
    s.stop();
    s.view.remove();
    // Maps are kept only while shown: a reader who turns the map on again gets it recomputed.
    maps.clear();
  }

  async function toggle(args: CommandArgs): Promise<Record<string, unknown>> {
    if (args.on !== undefined && typeof args.on !== 'boolean') throw new Error('"on" must be true or false');
    const wanted = args.on ?? !showing;
    if (!wanted) {
      off();
      return { on: false };
    }
    const s = on();
    const position = s.current;
    if (!position) throw new Error('The image on screen is not a magnitude echo of this T2* series');
    const { map, ms } = await position.map;
    return {
      on: showing === s,
      seriesInstanceUID: position.seriesInstanceUID,
      slicePositionMm: position.train.slicePositionMm,
      echoes: position.train.echoes.length,
      columns: map.columns,
      rows: map.rows,
      fitted: map.fitted,
      masked: map.masked,
      noiseSigma: map.noiseSigma,
      scaleHz: [...R2STAR_SCALE_HZ],
      workerMs: ms,
    };
  }

  async function at(args: CommandArgs): Promise<{ r2starHz: number | null; t2starMs: number | null }> {
    const { column, row } = args;
    if (typeof column !== 'number' || typeof row !== 'number' || !Number.isFinite(column) || !Number.isFinite(row))
      throw new Error('"column" and "row" must be numbers (image indices)');
    const s = showing;
    if (!s?.current) throw new Error('The R2* map is off: turn it on with emh.r2starMap {on: true}');
    await s.current.map;
    const r2starHz = valueAt(column, row);
    return { r2starHz, t2starMs: r2starHz !== null && r2starHz > 0 ? 1000 / r2starHz : null };
  }

  return [
    {
      name: 'emh.r2starMap',
      description:
        'R2* map of the T2* slice position on screen, in colour over the active viewport, with a legend: {on?: boolean} (toggles without it); resolves when the map is drawn',
      run: toggle,
    },
    {
      name: 'emh.r2starAt',
      description: 'The R2* map at image indices {column, row}: {r2starHz, t2starMs} (null where the map has no value)',
      run: at,
    },
  ];
}
