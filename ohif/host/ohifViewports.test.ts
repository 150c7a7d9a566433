import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Types } from '@cornerstonejs/core';
import { OhifData } from './ohifData';
import { OhifGeometry } from './ohifGeometry';
import { OhifViewports } from './ohifViewports';
import type { OhifDisplaySet, OhifViewportGrid } from '../ohifTypes';

function ctInstance(series: string, n: number): Record<string, unknown> {
  return {
    SOPInstanceUID: `${series}.${n}`,
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: series,
    Modality: 'CT',
    InstanceNumber: n,
    Rows: 256,
    Columns: 256,
    PixelSpacing: [0.8, 0.8],
    ImagePositionPatient: [-100, -100, -5 * n],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    PatientName: { Alphabetic: 'EMH^Phantom' },
    PatientID: 'EMH-001',
    imageId: `wadors:${series}/${n}`,
  };
}

function displaySetOf(series: string): OhifDisplaySet {
  return {
    displaySetInstanceUID: `ds-${series}`,
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: series,
    Modality: 'CT',
    instances: [1, 2, 3].map((n) => ctInstance(series, n)),
  };
}

/** One OHIF Cornerstone stack viewport at the page's top left, 1 CSS pixel per 0.8 mm pixel. */
function stackViewport() {
  const viewport = {
    imageIds: [] as string[],
    index: 0,
    element: { getBoundingClientRect: () => ({ left: 100, top: 50 }) },
    getImageIds: () => viewport.imageIds,
    getCurrentImageId: () => viewport.imageIds[viewport.index],
    // The image on screen (the stub has its pixels at once).
    getImageData: () => ({}),
    setImageIdIndex: async (i: number) => {
      viewport.index = i;
    },
    canvasToWorld: ([x, y]: [number, number]) => [-100 + x * 0.8, -100 + y * 0.8, -5 * (viewport.index + 1)],
  };
  return viewport;
}

test("our viewport calls answered by OHIF's grid: cells, series shown, showing a series at an instance, page points to pixels, the tool", async () => {
  const displaySets = [displaySetOf('1.2.3.4'), displaySetOf('1.2.3.5')];
  const data = new OhifData();
  data.addDisplaySets(displaySets);
  const viewports = new Map([
    ['vp-left', { viewportId: 'vp-left', displaySetInstanceUIDs: ['ds-1.2.3.4'] }],
    ['vp-right', { viewportId: 'vp-right', displaySetInstanceUIDs: [] as string[] }],
  ]);
  const cornerstoneViewports = new Map([
    ['vp-left', stackViewport()],
    ['vp-right', stackViewport()],
  ]);
  cornerstoneViewports.get('vp-left')!.imageIds = ['wadors:1.2.3.4/1', 'wadors:1.2.3.4/2', 'wadors:1.2.3.4/3'];
  const gridListeners: (() => void)[] = [];
  const grid: OhifViewportGrid = {
    EVENTS: { GRID_STATE_CHANGED: 'grid' },
    subscribe: (_event, listener) => {
      gridListeners.push(() => listener(undefined));
      return { unsubscribe: () => undefined };
    },
    getState: () => ({ viewports, activeViewportId: 'vp-right', layout: { numRows: 1, numCols: 2 } }),
    setDisplaySetsForViewport: ({ viewportId, displaySetInstanceUIDs }) => {
      viewports.set(viewportId, { viewportId, displaySetInstanceUIDs });
      // OHIF loads the stack a moment later.
      setTimeout(() => {
        cornerstoneViewports.get(viewportId)!.imageIds = ['wadors:1.2.3.5/1', 'wadors:1.2.3.5/2', 'wadors:1.2.3.5/3'];
      }, 20);
    },
  };
  const commands: [string, Record<string, unknown> | undefined][] = [];
  const host = new OhifViewports({
    grid,
    cornerstone: { getCornerstoneViewport: (id) => cornerstoneViewports.get(id) as unknown as Types.IStackViewport },
    displaySets: {
      EVENTS: {},
      subscribe: () => ({ unsubscribe: () => undefined }),
      getActiveDisplaySets: () => displaySets,
      getDisplaySetByUID: (uid) => displaySets.find((d) => d.displaySetInstanceUID === uid),
    },
    toolGroups: { getToolGroup: () => ({ getActivePrimaryMouseButtonTool: () => 'WindowLevel' }) },
    commands: { runCommand: (name, options) => commands.push([name, options]) },
    data,
    geometry: new OhifGeometry(data),
  });
  let told = 0;
  host.subscribe(() => told++);

  const snapshot = host.snapshot();
  assert.equal(snapshot.layout, '1x2');
  assert.equal(snapshot.activeIndex, 1);
  assert.deepEqual(
    snapshot.cells.map((c) => c.seriesInstanceUID),
    ['1.2.3.4', null],
  );
  assert.equal(snapshot.primaryTool, 'WindowLevel');
  assert.equal(host.snapshot(), snapshot, 'the same object while nothing changed (React reads it every render)');
  assert.equal(host.seriesIn(0)?.seriesInstanceUID, '1.2.3.4');
  assert.equal(host.seriesIn(1), undefined);

  await host.showSeries('1.2.3.5', { instanceNumber: 2 });
  assert.equal(host.seriesIn(1)?.seriesInstanceUID, '1.2.3.5');
  assert.notEqual(host.snapshot(), snapshot, 'a new object once the cell shows another series');
  assert.equal(host.viewport(1)?.getCurrentImageId(), 'wadors:1.2.3.5/2');
  await assert.rejects(host.showSeries('9.9.9'), /No series 9.9.9/);

  // The page point 10 px right and 20 px down of the viewport's corner is pixel [10, 20].
  const [[column, row]] = host.clientToImage([[110, 70]], 1);
  assert.ok(Math.abs(column - 10) < 1e-9 && Math.abs(row - 20) < 1e-9, `${column}, ${row}`);

  host.setPrimaryTool('EmhLesionAxes');
  assert.equal(commands[0][0], 'setToolActiveToolbar');
  assert.equal(commands[0][1]?.toolName, 'EmhLesionAxes');
  gridListeners.forEach((l) => l());
  assert.equal(told, 2);
});
