/**
 * OHIF 3.13 with the EMH plugin, from a Playwright page: what OHIF exposes on window
 * (services, extensionManager), our tools in its Cornerstone, and image pixels [column, row]
 * as page points on its active viewport (pixel centres on integers, as in truth.json).
 */
import { expect, type Page } from '@playwright/test';
import { truth } from '../helpers';

export interface OhifToolState {
  registered: string[];
  toolsInDefaultGroup: string[];
  activePrimaryTool: string | null;
}

export async function ohifToolState(page: Page, tools: string[]): Promise<OhifToolState> {
  return page.evaluate((names) => {
    const w = window as unknown as {
      extensionManager: { registeredExtensionIds: string[] };
      services: {
        toolGroupService: {
          getToolGroup(id: string): { hasTool(n: string): boolean; getActivePrimaryMouseButtonTool(): string | undefined } | undefined;
        };
      };
    };
    const group = w.services.toolGroupService.getToolGroup('default');
    return {
      registered: w.extensionManager.registeredExtensionIds,
      toolsInDefaultGroup: names.filter((n) => group?.hasTool(n)),
      activePrimaryTool: group?.getActivePrimaryMouseButtonTool() ?? null,
    };
  }, tools);
}

/** Shows the image with this InstanceNumber in OHIF's active viewport; resolves once it is drawn. */
export async function showInstance(page: Page, instanceNumber: number): Promise<void> {
  await page.waitForFunction(
    async (n) => {
      const w = window as unknown as OhifWindow;
      const viewport = activeViewport(w);
      if (!viewport) return false;
      const cs = cornerstone(w);
      const index = viewport.getImageIds().findIndex((id) => cs.metaData.get('generalImageModule', id)?.instanceNumber === n);
      if (index < 0) return false;
      if (viewport.getCurrentImageIdIndex() !== index) await viewport.setImageIdIndex(index);
      return viewport.getCurrentImageIdIndex() === index && !!viewport.getImageData();

      function cornerstone(win: OhifWindow) {
        return win.extensionManager.getModuleEntry('@ohif/extension-cornerstone.utilityModule.common').exports.getCornerstoneLibraries()
          .cornerstone;
      }
      function activeViewport(win: OhifWindow) {
        const id = win.services.viewportGridService.getActiveViewportId();
        return win.services.cornerstoneViewportService.getCornerstoneViewport(id);
      }
    },
    instanceNumber,
    { timeout: 30_000, polling: 200 },
  );
}

/** Page points of image pixels [column, row] on the active viewport's current image. */
export async function ohifImageToClient(page: Page, points: [number, number][]): Promise<[number, number][]> {
  return page.evaluate((pts) => {
    const w = window as unknown as OhifWindow;
    const id = w.services.viewportGridService.getActiveViewportId();
    const viewport = w.services.cornerstoneViewportService.getCornerstoneViewport(id);
    if (!viewport) throw new Error('no active Cornerstone viewport');
    const cs = w.extensionManager
      .getModuleEntry('@ohif/extension-cornerstone.utilityModule.common')
      .exports.getCornerstoneLibraries().cornerstone;
    const plane = cs.metaData.get('imagePlaneModule', viewport.getCurrentImageId());
    const box = viewport.element.getBoundingClientRect();
    return pts.map(([column, row]) => {
      const world = [0, 1, 2].map(
        (axis) =>
          plane.imagePositionPatient[axis] +
          plane.rowCosines[axis] * column * plane.columnPixelSpacing +
          plane.columnCosines[axis] * row * plane.rowPixelSpacing,
      );
      const [x, y] = viewport.worldToCanvas(world);
      return [box.left + x, box.top + y] as [number, number];
    });
  }, points);
}

/**
 * How many instances of a series our data model (OhifData) holds: OHIF lists display sets a
 * while after the page shows, and a command naming a series before then finds none.
 */
export async function ohifSeriesInstances(page: Page, seriesInstanceUID: string): Promise<number> {
  return page.evaluate(
    (uid) =>
      (
        window as unknown as {
          extensionManager: {
            getModuleEntry(entry: string): {
              exports: { host(): { data: { findSeries(uid: string): { instances: unknown[] } | undefined } } | undefined };
            };
          };
        }
      ).extensionManager
        .getModuleEntry('emh.utilityModule.host')
        .exports.host()
        ?.data.findSeries(uid)?.instances.length ?? 0,
    seriesInstanceUID,
  );
}

/** A series in OHIF's active viewport at an instance number, through our host's viewports (OhifViewports.showSeries). */
export async function ohifShowSeries(page: Page, seriesInstanceUID: string, instanceNumber: number): Promise<void> {
  await page.evaluate(
    ([uid, n]) =>
      (
        window as unknown as {
          extensionManager: {
            getModuleEntry(entry: string): {
              exports: { host(): { viewports: { showSeries(uid: string, options: { instanceNumber: number }): Promise<void> } } };
            };
          };
        }
      ).extensionManager
        .getModuleEntry('emh.utilityModule.host')
        .exports.host()
        .viewports.showSeries(uid, { instanceNumber: n }),
    [seriesInstanceUID, instanceNumber] as const,
  );
  await showInstance(page, instanceNumber);
}

/** One of our commands run as OHIF runs a command (its commandsManager, which our extension's commands joined). */
export async function ohifCommand(page: Page, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  return page.evaluate(
    ([n, a]) => (window as unknown as { commandsManager: { runCommand(n: string, a: unknown): unknown } }).commandsManager.runCommand(n, a),
    [name, args] as const,
  );
}

/** OHIF's annotations of one tool, with the tool's own statistics (mm, HU). */
export async function ohifAnnotations(
  page: Page,
  toolName: string,
): Promise<{ uid: string; stats: Record<string, Record<string, unknown>> }[]> {
  return page.evaluate((name) => {
    const w = window as unknown as OhifWindow;
    const tools = w.extensionManager
      .getModuleEntry('@ohif/extension-cornerstone.utilityModule.common')
      .exports.getCornerstoneLibraries().cornerstoneTools;
    return tools.annotation.state
      .getAllAnnotations()
      .filter((a) => a.metadata.toolName === name)
      .map((a) => ({
        uid: a.annotationUID,
        stats: JSON.parse(JSON.stringify(a.data.cachedStats ?? {})) as Record<string, Record<string, unknown>>,
      }));
  }, toolName);
}

/** The tool names of OHIF's measurements (its measurement service, what its panel lists). */
export async function ohifMeasurementTools(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as { services: { measurementService: { getMeasurements(): { toolName: string }[] } } };
    return w.services.measurementService.getMeasurements().map((m) => m.toolName);
  });
}

/**
 * Our host services inside OHIF (emh.utilityModule.host): the series our data model says the
 * active cell shows, and a pixel taken to the page by OHIF's Cornerstone and back by our geometry.
 */
export async function ohifHostProbe(
  page: Page,
  pixel: [number, number],
): Promise<{ seriesShown: string | null; instances: number; backToImage: [number, number] }> {
  const [client] = await ohifImageToClient(page, [pixel]);
  return page.evaluate((point) => {
    const w = window as unknown as {
      extensionManager: {
        getModuleEntry(entry: string): {
          exports: {
            host(): {
              viewports: {
                snapshot(): { activeIndex: number };
                seriesIn(index: number): { seriesInstanceUID: string; instances: unknown[] } | undefined;
                clientToImage(points: [number, number][], index?: number): [number, number][];
              };
            };
          };
        };
      };
    };
    const { viewports } = w.extensionManager.getModuleEntry('emh.utilityModule.host').exports.host();
    const series = viewports.seriesIn(viewports.snapshot().activeIndex);
    return {
      seriesShown: series?.seriesInstanceUID ?? null,
      instances: series?.instances.length ?? 0,
      backToImage: viewports.clientToImage([point])[0],
    };
  }, client);
}

interface OhifViewport {
  element: HTMLDivElement;
  getImageIds(): string[];
  getCurrentImageId(): string;
  getCurrentImageIdIndex(): number;
  setImageIdIndex(index: number): Promise<unknown>;
  getImageData(): unknown;
  worldToCanvas(world: number[]): [number, number];
}

interface OhifWindow {
  services: {
    viewportGridService: { getActiveViewportId(): string };
    cornerstoneViewportService: { getCornerstoneViewport(id: string): OhifViewport | undefined };
  };
  extensionManager: {
    getModuleEntry(entry: string): {
      exports: {
        getCornerstoneLibraries(): {
          cornerstone: {
            metaData: {
              get(type: 'generalImageModule', imageId: string): { instanceNumber?: number } | undefined;
              get(
                type: 'imagePlaneModule',
                imageId: string,
              ): {
                imagePositionPatient: number[];
                rowCosines: number[];
                columnCosines: number[];
                rowPixelSpacing: number;
                columnPixelSpacing: number;
              };
            };
          };
          cornerstoneTools: {
            annotation: {
              state: {
                getAllAnnotations(): { annotationUID: string; metadata: { toolName: string }; data: { cachedStats?: unknown } }[];
              };
            };
          };
        };
      };
    };
  };
}

interface OhifMeasurementApi {
  services: {
    measurementService: {
      getMeasurements(): { uid: string; toolName: string }[];
      getSource(name: string, version: string): unknown;
      getAnnotation(source: unknown, annotationType: string, uid: string): unknown;
      remove(uid: string): void;
    };
  };
}

/**
 * OHIF's measurement of this tool taken back to its annotation through the mapping
 * (measurementService.getAnnotation): the annotation's tool name and its own long axis (mm).
 */
export async function ohifMeasurementToAnnotation(
  page: Page,
  toolName: string,
): Promise<{ uid: string; annotationTool: string | null; lengthMm: number | null } | null> {
  return page.evaluate((name) => {
    const { measurementService } = (window as unknown as OhifMeasurementApi).services;
    const measurement = measurementService.getMeasurements().find((m) => m.toolName === name);
    if (!measurement) return null;
    const source = measurementService.getSource('Cornerstone3DTools', '0.1');
    const held = measurementService.getAnnotation(source, name, measurement.uid) as {
      metadata?: { toolName?: string };
      data?: { cachedStats?: Record<string, { length?: number }> };
    } | null;
    const [stats] = Object.values(held?.data?.cachedStats ?? {});
    return { uid: measurement.uid, annotationTool: held?.metadata?.toolName ?? null, lengthMm: stats?.length ?? null };
  }, toolName);
}

/** What OHIF's measurement panel does on "Delete": measurementService.remove. */
export async function ohifRemoveMeasurement(page: Page, uid: string): Promise<void> {
  await page.evaluate((id) => (window as unknown as OhifMeasurementApi).services.measurementService.remove(id), uid);
}

/** Waits until our data model holds every instance of these series (OHIF lists them after the page shows). */
export async function seriesOpen(page: Page, keys: (keyof typeof truth.series)[]): Promise<void> {
  for (const key of keys) {
    const { seriesInstanceUID, instances } = truth.series[key];
    await expect.poll(() => ohifSeriesInstances(page, seriesInstanceUID), { timeout: 45_000 }).toBe(instances);
  }
}

/**
 * Opens the EMH work-up mode on these studies (`query`: more URL parameters), confirms OHIF's
 * "investigational use" banner (it covers the bottom of the page) and waits for our data model
 * to hold these series.
 */
export async function openWorkup(
  page: Page,
  ohifUrl: string,
  studies: string[],
  series: (keyof typeof truth.series)[],
  query = '',
): Promise<void> {
  await page.goto(`${ohifUrl}/emh?StudyInstanceUIDs=${studies.join(',')}${query}`);
  await expect(page.getByTestId('emh-ohif-panel')).toBeVisible({ timeout: 45_000 });
  await page.getByRole('button', { name: 'Confirm and hide' }).click();
  await seriesOpen(page, series);
}

/** The sample case's L4 (presacral) on the unenhanced CT through OHIF's commandsManager; it becomes our L1. */
export async function addL4(page: Page): Promise<(typeof truth.lesions)[number]> {
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4 in truth');
  await ohifCommand(page, 'emh.addLesion', {
    seriesInstanceUID: truth.series['ct-nc'].seriesInstanceUID,
    instanceNumber: l4.slice,
    longAxis: l4.longAxis,
    shortAxis: l4.shortAxis,
    site: 'presacral',
  });
  return l4;
}

/** The sample case's three liver ROIs on the unenhanced CT, through OHIF's commandsManager. */
export async function addLiverRois(page: Page): Promise<void> {
  const { liver } = truth.organs;
  for (const roi of liver.rois) {
    await ohifCommand(page, 'emh.addHuRoi', {
      seriesInstanceUID: truth.series['ct-nc'].seriesInstanceUID,
      instanceNumber: liver.recommendedSlice,
      center: roi.center,
      radii: [roi.radiusPx, roi.radiusPx],
      organ: 'liver',
    });
  }
}
