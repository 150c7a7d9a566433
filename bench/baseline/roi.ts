/**
 * Plain Cornerstone3D page for the emhTools suite: the load baseline's stack page plus one
 * tool group holding Cornerstone's own EllipticalROITool (left button, default text with
 * its statistics) and BidirectionalTool (passive, for hydrate). A page of its own, so the
 * load baseline (index.html) stays exactly what the viewerLoad suite measured.
 */
import { Enums, init as coreInit, metaData, RenderingEngine, setUseCPURendering, type Types } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  BidirectionalTool,
  EllipticalROITool,
  Enums as ToolEnums,
  init as toolsInit,
  ToolGroupManager,
  utilities as toolsUtilities,
} from '@cornerstonejs/tools';
import { installEmh } from '../shared/emhContract';
import { imagePlaneOf, indexToPatient } from '../../src/geometry/imagePlane';
import { markSeriesLoaded, scrollAndRender } from './hooks';
import { loadImageIds } from './manifest';

interface PlaneModule {
  rows: number;
  columns: number;
  imagePositionPatient: number[] | null;
  imageOrientationPatient: number[] | null;
  pixelSpacing: number[] | null;
}

/**
 * Image indices (pixel centres on integers) to world, with the project's pure geometry over
 * Cornerstone's own plane metadata: Cornerstone's imageToWorldCoords swaps the spacings of
 * non-square pixels and puts 0,0 at a pixel corner.
 */
function worldOf(imageId: string, p: Point): Types.Point3 {
  const module = metaData.get('imagePlaneModule', imageId) as PlaneModule | undefined;
  if (!module) throw new Error('The image has no geometry');
  return [...indexToPatient(imagePlaneOf(module), p)] as Types.Point3;
}

const ENGINE_ID = 'baseline';
const VIEWPORT_ID = 'ct';

type Point = [number, number];

function points(value: unknown, name: string): Point[] {
  if (!Array.isArray(value) || !value.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite))) {
    throw new Error(`"${name}" must be a list of [column, row]`);
  }
  return value as Point[];
}

function argsOf(args: unknown): Record<string, unknown> {
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
}

function setUpTools(): void {
  addTool(EllipticalROITool);
  addTool(BidirectionalTool);
  const group = ToolGroupManager.createToolGroup('roi');
  if (!group) throw new Error('tool group not created');
  group.addTool(EllipticalROITool.toolName);
  group.addTool(BidirectionalTool.toolName);
  group.setToolActive(EllipticalROITool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  group.setToolPassive(BidirectionalTool.toolName);
  group.addViewport(VIEWPORT_ID, ENGINE_ID);
}

async function main(): Promise<void> {
  coreInit();
  setUseCPURendering(true);
  toolsInit();
  dicomImageLoaderInit();

  const element = document.getElementById('viewport');
  if (!(element instanceof HTMLDivElement)) throw new Error('#viewport missing');
  const renderingEngine = new RenderingEngine(ENGINE_ID);
  renderingEngine.enableElement({ viewportId: VIEWPORT_ID, type: Enums.ViewportType.STACK, element });
  const viewport = renderingEngine.getViewport(VIEWPORT_ID) as Types.IStackViewport;
  setUpTools();

  const imageIds = await loadImageIds();

  /** Same meaning as the viewer's viewport.imageToClient: page coordinates of image pixels. */
  const imageToClient = (args: unknown): Point[] => {
    const imageId = viewport.getCurrentImageId();
    if (!imageId) throw new Error('No image on screen');
    const box = element.getBoundingClientRect();
    return points(argsOf(args).points, 'points').map((p) => {
      const [x, y] = viewport.worldToCanvas(worldOf(imageId, p));
      return [box.left + x, box.top + y];
    });
  };

  /**
   * The plain counterpart of emh.addLesion: BidirectionalTool.hydrate with the long and
   * short axis in pixels of image `instanceNumber` (the manifest's order). With `show`, the
   * slice is scrolled to and drawn first and hydrate takes the image on screen, as the
   * viewer's command does; without, the annotation names its image and nothing scrolls.
   */
  const addBidirectional = async (raw: unknown): Promise<string> => {
    const args = argsOf(raw);
    const index = Number(args.instanceNumber) - 1;
    const imageId = imageIds[index];
    if (imageId === undefined) throw new Error(`no instance ${String(args.instanceNumber)}`);
    // The stack is in manifest order; make sure that is instance order, as the viewer resolves it.
    const header = metaData.get('generalImageModule', imageId) as { instanceNumber?: number } | undefined;
    if (header?.instanceNumber !== index + 1)
      throw new Error(`image ${index + 1} of the stack is instance ${String(header?.instanceNumber)}`);
    if (args.show === true) await scrollAndRender(element, viewport, index - viewport.getCurrentImageIdIndex());
    const [long0, long1] = points(args.longAxis, 'longAxis');
    const [short0, short1] = points(args.shortAxis, 'shortAxis');
    const world = (p: Point): Types.Point3 => worldOf(imageId, p);
    const axis: [[Types.Point3, Types.Point3], [Types.Point3, Types.Point3]] = [
      [world(long0), world(long1)],
      [world(short0), world(short1)],
    ];
    const annotation = BidirectionalTool.hydrate(VIEWPORT_ID, axis, args.show === true ? {} : { referencedImageId: imageId });
    if (!annotation?.annotationUID) throw new Error('hydrate returned no annotation');
    return annotation.annotationUID;
  };

  const commands: Record<string, (args: unknown) => unknown> = {
    'viewport.scroll': (args) => scrollAndRender(element, viewport, Number(argsOf(args).delta ?? 1)),
    'viewport.imageToClient': imageToClient,
    'bench.addBidirectional': addBidirectional,
  };
  installEmh(window, {
    ready: markSeriesLoaded(imageIds),
    commands: {
      // Wider than the load contract's single command; unknown names reject like the viewer's.
      run: async (command: string, args: unknown) => {
        const handler = commands[command];
        if (!handler) throw new Error(`unknown command ${command}`);
        return handler(args);
      },
    },
  });

  await viewport.setStack(imageIds, 0);
  viewport.render();
  toolsUtilities.stackPrefetch.enable(element);
}

main().catch((error: unknown) => {
  console.error('baseline roi page failed', error);
  document.title = `error: ${String(error)}`;
});
