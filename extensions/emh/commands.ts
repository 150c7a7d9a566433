import { timepointReport } from './sr/rules/srTimepoint';
import { utilities as csUtils, type Types } from '@cornerstonejs/core';
import { EllipticalROITool, annotation as annotationApi } from '@cornerstonejs/tools';
import type { HostServices } from '../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../src/extensions/types';
import { choiceOrNull, optionalText, point, segment, text, type Point } from './commandArgs';
import { imageTargets } from './imageTarget';
import type { EmhInventory } from './inventory/rules/inventoryTypes';
import type { IronInventory } from './iron/rules/ironReport';
import { isContrastState } from './liver/rules/contrastState';
import { huToolRefusal, isLiverCall } from './liver/rules/liverAttenuation';
import { isWeighting } from './signal/rules/seriesWeighting';
import type { InventoryAdapter } from './annotations/inventoryAdapter';
import { setLesionIdOf } from './annotations/annotationMapping';
import { EmhLesionAxesTool, ellipseToolClass } from './annotations/emhTools';
import { mappingOfCommand, mappingOfRecord } from './annotations/rules/mappings/toolMappings';
import { inventoryContext } from './inventory/inventoryContext';
import { exportBlob } from './export/exportActions';
import { annotationPoints, type AnnotationPoints } from './annotations/annotationPoints';
import { measurementReport } from './sr/srExport';
import { importMeasurementReport } from './sr/srImport';
import type { IronStore } from './iron/rules/ironStore';
import type { SegmentStore } from './volumes/rules/segmentStore';
import { withLesionVolumes, withMeasuredVolumes } from './volumes/rules/lesionVolumes';
import { exportSeg } from './volumes/segmentCommands';
import { addWorldLesion, showInReformat } from './annotations/reformatCommands';
import { reportVolumes } from './volumes/caseSegs';
import type { SegImports } from './volumes/segImport';
import { addWorldRoi } from './annotations/reformatRoi';

/** The ROI tool whose records are of this kind (a signal ROI's role, an HU ROI's organ). */
function roiTool(record: { kind: 'signalRoi'; role: string } | { kind: 'huRoi'; organ: string }): new () => EllipticalROITool {
  const mapping = mappingOfRecord(record);
  if (!mapping) throw new Error('No EMH tool makes this ROI');
  return ellipseToolClass(mapping.toolName);
}
/** Waits until the store holds an annotation; ROI statistics arrive after a render. */
function whenStored(adapter: InventoryAdapter, annotationUID: string, timeoutMs = 15000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (adapter.store.annotation(annotationUID)) return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('The ROI statistics were not computed in time'));
    }, timeoutMs);
    const unsubscribe = adapter.store.subscribe(() => {
      if (!adapter.store.annotation(annotationUID)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/**
 * The scripting API of README.md#scripting-windowemh. Each command shows the image it measures on,
 * then makes the same Cornerstone annotation the mouse would, so mouse and API agree.
 */
/**
 * `caseIron` is the active patient's iron (kept in its own store), which the inventory and the
 * JSON and CSV exports carry; `exportTeaching` makes the teaching ZIP (the teaching case lives
 * outside the inventory); `iron` is the store the SR writes from and an imported SR restores;
 * `segments` the lesions' segments, whose volumes the inventory carries and the SEG writes.
 */
export function emhCommands(
  services: HostServices,
  adapter: InventoryAdapter,
  caseIron: () => IronInventory,
  exportTeaching?: () => Promise<Blob>,
  iron?: IronStore,
  segments?: SegmentStore,
  segImports?: SegImports,
): CommandDefinition[] {
  const { viewports, data } = services;
  const { store } = adapter;
  /** The whole case: the lesion inventory, the lesions' volumes and the iron measured beside it. */
  const caseInventory = (): EmhInventory => {
    const lesions = store.inventory(inventoryContext(data));
    return { ...(segments ? withLesionVolumes(lesions, segments.volumes()) : lesions), iron: caseIron() };
  };

  const { showImage, world } = imageTargets(services);

  function checkLesion(lesionId: string | undefined): void {
    if (lesionId && !store.lesion(lesionId)) {
      const known = store.lesionIds();
      throw new Error(`There is no lesion ${lesionId} (the case has ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
  }

  async function addEllipse(
    args: CommandArgs,
    Tool: new () => EllipticalROITool,
    refusal: (modality: string) => string | null,
  ): Promise<{ annotationUID: string; lesionId: string | null }> {
    const lesionId = optionalText(args, 'lesionId');
    checkLesion(lesionId);
    const center = point(args.center, 'center');
    const radii = point(args.radii, 'radii');
    const { imageId, viewportId, modality } = await showImage(args);
    const refused = refusal(modality);
    if (refused) throw new Error(refused);
    const [c, r] = center;
    const [rc, rr] = radii;
    const points = [
      [c, r - rr],
      [c, r + rr],
      [c - rc, r],
      [c + rc, r],
    ].map((p) => world(imageId, p as Point));
    const annotationUID = csUtils.uuidv4();
    adapter.placingByScript(annotationUID);
    // Cornerstone's static hydrate names the base tool unless given an instance of ours. No
    // referencedImageId: hydrate then takes the image on screen and keeps the view plane,
    // which the ROI statistics need.
    EllipticalROITool.hydrate(viewportId, points, { annotationUID, toolInstance: new Tool() });
    const annotation = annotationApi.state.getAnnotation(annotationUID);
    if (!annotation) throw new Error('The ROI could not be placed');
    setLesionIdOf(annotation, lesionId);
    annotation.invalidated = true; // so Cornerstone reports its statistics when it draws it
    adapter.redraw();
    await whenStored(adapter, annotationUID);
    return { annotationUID, lesionId: store.annotation(annotationUID)?.lesionId ?? null };
  }

  /** An ROI in patient mm, in the plane of its two half-axes (a reformat's plane). */
  function worldRoi(
    args: CommandArgs,
    Tool: new () => EllipticalROITool,
    refusal: (modality: string) => string | null,
  ): Promise<{ annotationUID: string; lesionId: string | null }> {
    const lesionId = optionalText(args, 'lesionId');
    checkLesion(lesionId);
    return addWorldRoi(services, adapter, args, (Tool as unknown as { toolName: string }).toolName, lesionId, refusal);
  }

  async function addIndexLesion(args: CommandArgs, lesionId: string | undefined): Promise<string> {
    const longAxis = segment(args.longAxis, 'longAxis');
    const shortAxis = segment(args.shortAxis, 'shortAxis');
    const { imageId, viewportId } = await showImage(args);
    const annotationUID = csUtils.uuidv4();
    adapter.placingByScript(annotationUID);
    const axis: [[Types.Point3, Types.Point3], [Types.Point3, Types.Point3]] = [
      [world(imageId, longAxis[0]), world(imageId, longAxis[1])],
      [world(imageId, shortAxis[0]), world(imageId, shortAxis[1])],
    ];
    EmhLesionAxesTool.hydrate(viewportId, axis, { annotationUID, toolInstance: new EmhLesionAxesTool() });
    const annotation = annotationApi.state.getAnnotation(annotationUID);
    if (!annotation) throw new Error('The measurement could not be placed');
    setLesionIdOf(annotation, lesionId);
    const id = adapter.recordScripted(annotation);
    if (!id) throw new Error('The measurement was not recorded');
    return id;
  }

  return [
    {
      name: 'emh.addLesion',
      description:
        "Measure a lesion: {seriesInstanceUID, instanceNumber, longAxis, shortAxis, site?, laterality?, lesionId?} in image indices, or {seriesInstanceUID, world: {longAxis, shortAxis}, ...} in patient mm (a reformat's plane); returns its id",
      run: async (args) => {
        const lesionId = optionalText(args, 'lesionId');
        checkLesion(lesionId);
        // Patient mm (a reformat's plane) or image indices on one image.
        const id =
          args.world !== undefined ? addWorldLesion(services, adapter, args, lesionId).lesionId : await addIndexLesion(args, lesionId);
        const edit = {
          ...(args.site !== undefined ? { site: args.site } : {}),
          ...(args.laterality !== undefined ? { laterality: args.laterality } : {}),
        };
        if (Object.keys(edit).length > 0) {
          const result = store.updateLesion(id, edit);
          if (!result.ok) throw new Error(result.reason);
          adapter.closeSitePicker();
        }
        adapter.redraw();
        return id;
      },
    },
    {
      name: 'emh.addSignalRoi',
      description:
        'MR signal ROI: {seriesInstanceUID, instanceNumber, center, radii, role: "muscle" | "lesion", lesionId?} in image indices, or {seriesInstanceUID, world: {centre: [x, y, z], axes: [half-axis, half-axis]}, role, lesionId?} in patient mm',
      run: (args) => {
        const role = args.role;
        if (role !== 'muscle' && role !== 'lesion') throw new Error('"role" must be "muscle" or "lesion"');
        const Tool = roiTool({ kind: 'signalRoi', role });
        const refusal = (modality: string): string | null =>
          modality === 'MR' ? null : `Signal ROIs are for MR; this image is ${modality || 'not MR'}.`;
        if (args.world !== undefined) return worldRoi(args, Tool, refusal);
        return addEllipse(args, Tool, refusal);
      },
    },
    {
      name: 'emh.addHuRoi',
      description:
        'CT HU ROI: {seriesInstanceUID, instanceNumber, center, radii, organ: "liver" | "spleen" | "lesion", lesionId?} in image indices, or {seriesInstanceUID, world: {centre: [x, y, z], axes: [half-axis, half-axis]}, organ, lesionId?} in patient mm',
      run: (args) => {
        const organ = args.organ;
        if (organ !== 'liver' && organ !== 'spleen' && organ !== 'lesion') throw new Error('"organ" must be "liver", "spleen" or "lesion"');
        const Tool = roiTool({ kind: 'huRoi', organ });
        if (args.world !== undefined) return worldRoi(args, Tool, huToolRefusal);
        return addEllipse(args, Tool, (modality) => huToolRefusal(modality));
      },
    },
    {
      name: 'emh.updateLesion',
      description:
        'Edit a lesion: {lesionId, site?, siteText?, laterality?, notes?, t1Override?, t2Override?}; or set its status at a time point: {lesionId, timepoint: "T2", status: "resolved" | "not-evaluable" | null}',
      run: (args) => {
        const { lesionId, timepoint, status, ...edit } = args;
        if (typeof lesionId !== 'string') throw new Error('"lesionId" must be a string');
        checkLesion(lesionId);
        if (timepoint !== undefined || status !== undefined) {
          if (typeof timepoint !== 'string') throw new Error('"timepoint" must name a time point ("T1", "T2", ...) when a status is set');
          if (status !== null && status !== 'resolved' && status !== 'not-evaluable') {
            throw new Error('"status" must be "resolved", "not-evaluable" or null (to clear it)');
          }
          const timepoints = store.inventory(inventoryContext(data)).timepoints;
          const at = timepoints.find((t) => t.id === timepoint);
          if (!at) {
            const known = timepoints.map((t) => t.id).join(', ') || 'none: no study is open or annotated';
            throw new Error(`There is no time point ${timepoint} (the case has ${known})`);
          }
          // The exported time point has ISO dates; the mark keeps the study's DICOM date.
          const studies = at.studyInstanceUIDs.map((uid) => ({ studyInstanceUID: uid, date: at.date?.replace(/-/g, '') ?? null }));
          const marked = store.setStatusMark(lesionId, studies, status);
          if (!marked.ok) throw new Error(marked.reason);
          if (Object.keys(edit).length === 0) return store.lesion(lesionId);
        }
        const result = store.updateLesion(lesionId, edit);
        if (!result.ok) throw new Error(result.reason);
        if ('site' in edit || 'laterality' in edit) adapter.closeSitePicker(lesionId);
        return result.value;
      },
    },
    {
      name: 'emh.removeLesion',
      description: 'Delete a lesion and its annotations: {lesionId}',
      run: (args) => {
        const result = store.removeLesion(text(args, 'lesionId'));
        if (!result.ok) throw new Error(result.reason);
        // Its segment goes with it: a segment never outlives its lesion.
        segments?.keepLesions(new Set(store.lesionIds()));
        adapter.reconcile();
        return result.value.annotationUIDs;
      },
    },
    {
      name: 'emh.export',
      description:
        'The inventory as a file (Blob): {format: "json" | "csv" | "sr" | "seg" | "teaching", timepoint?: "T1" (sr: default the latest), seriesInstanceUID? (seg: default the first segment\'s series)}',
      run: (args): Blob | Promise<Blob> => {
        const format = args.format;
        if (format === 'teaching' && exportTeaching) return exportTeaching();
        if (format === 'sr') {
          if (args.timepoint !== undefined && typeof args.timepoint !== 'string')
            throw new Error('"timepoint" must be a string such as "T1"');
          const volumes = segments ? reportVolumes(services, store, segments) : undefined;
          const bytes = measurementReport(store, data, services.geometry, { timepoint: args.timepoint, iron, volumes });
          return new Blob([bytes as BlobPart], { type: 'application/dicom' });
        }
        if (format === 'json' || format === 'csv') return exportBlob(format, caseInventory());
        if (format === 'seg' && segments) return exportSeg(services, store, segments, args);
        throw new Error('"format" must be "json", "csv", "sr", "seg" or "teaching"');
      },
    },
    {
      name: 'emh.importSR',
      description: 'Read a TID 1500 SR into the case: {url} or {bytes: Uint8Array | number[]}',
      run: async (args) => {
        let bytes: Uint8Array;
        if (typeof args.url === 'string') {
          const response = await fetch(args.url);
          if (!response.ok) throw new Error(`Could not read the report: HTTP ${response.status}`);
          bytes = new Uint8Array(await response.arrayBuffer());
        } else if (args.bytes instanceof Uint8Array || Array.isArray(args.bytes)) {
          bytes = Uint8Array.from(args.bytes as ArrayLike<number>);
        } else {
          throw new Error('Give the report as {url} or {bytes}');
        }
        const report = importMeasurementReport(bytes, adapter, data, services.geometry, iron);
        // The report's volume groups: the volume shown from the report, the segment bound if its SEG is loaded.
        const segmentsRestored = segImports?.fromReport(report.volumes) ?? [];
        if (report.missingImages.length > 0) {
          services.notifications.show(
            'warning',
            `The report measures ${report.missingImages.length} image(s) that are not open; their values are kept but not drawn.`,
          );
        }
        if (report.notUnderstood.length > 0) {
          services.notifications.show('warning', `Not understood in the report: ${report.notUnderstood.join('; ')}`);
        }
        return { ...report, segmentsRestored };
      },
    },
    {
      name: 'emh.inventory',
      description: 'The inventory as the JSON export object, iron included; {timepoint: "T1"} gives that visit alone, as its SR reports it',
      run: (args: { timepoint?: unknown } = {}): EmhInventory => {
        if (args.timepoint === undefined) return caseInventory();
        if (typeof args.timepoint !== 'string') throw new Error('"timepoint" must name a time point ("T1", "T2", ...)');
        const report = timepointReport(store.state(), store.thresholds, inventoryContext(data), args.timepoint);
        // A segment is the visit's when its series is of one of the visit's studies.
        const visitVolumes = new Map(
          [...(segments?.volumes() ?? [])].filter(([lesionId]) => {
            const series = data.findSeries(segments?.segment(lesionId)?.seriesInstanceUID ?? '');
            return series !== undefined && report.timepoint.studyInstanceUIDs.includes(series.studyInstanceUID);
          }),
        );
        return withMeasuredVolumes(report.inventory, visitVolumes);
      },
    },
    {
      name: 'emh.annotations',
      description: 'Every annotation with its image and points in image indices [column, row] (pixel centres on integers)',
      run: (): AnnotationPoints[] => store.state().annotations.map((a) => annotationPoints(a, services.geometry, data)),
    },
    { name: 'emh.undo', description: 'Undo the last change (Ctrl+Z)', run: () => store.undo() && (adapter.reconcile(), true) },
    { name: 'emh.redo', description: 'Redo (Ctrl+Shift+Z)', run: () => store.redo() && (adapter.reconcile(), true) },
    {
      name: 'emh.deleteSelected',
      description: 'Delete the selected annotations (Delete)',
      run: () => {
        for (const uid of annotationApi.selection.getAnnotationsSelected() ?? []) {
          if (store.annotation(uid)) {
            store.remove(uid);
            adapter.removeFromImages(uid);
          }
        }
      },
    },
    {
      name: 'emh.selectLesion',
      description: 'Highlight a lesion in the panel (nothing attaches to it, no image changes): {lesionId | null}',
      run: (args) => {
        const lesionId = args.lesionId === null || args.lesionId === undefined ? null : text(args, 'lesionId');
        checkLesion(lesionId ?? undefined);
        adapter.selectLesion(lesionId);
      },
    },
    {
      name: 'emh.showLesion',
      description:
        "Show a lesion's image in the active viewport with its measurement selected: {lesionId}; a measurement made in a reformat opens MPR in its plane, centred on it",
      run: async (args) => {
        const lesionId = text(args, 'lesionId');
        checkLesion(lesionId);
        adapter.selectLesion(lesionId);
        const ref = store.inventory().lesions.find((l) => l.id === lesionId)?.refs[0];
        if (!ref) return;
        // Made in a reformat: MPR through it, in its plane.
        const record = store.annotation(ref.annotationUID);
        if (record?.plane) {
          await showInReformat(services, { ...record, plane: record.plane });
          annotationApi.selection.setAnnotationSelected(ref.annotationUID, true, false);
          adapter.redraw();
          return;
        }
        // The exact image and frame the measurement was made on, found by its UIDs.
        const series = data.findSeries(ref.seriesInstanceUID);
        const imageId = series?.instances.find((i) => i.header.sopInstanceUID === ref.sopInstanceUID)?.imageIds[Math.max(0, ref.frame - 1)];
        const imageIndex = imageId && series ? series.imageIds.indexOf(imageId) : -1;
        if (imageIndex < 0) return; // its image is not open
        await viewports.showSeries(ref.seriesInstanceUID, { imageIndex });
        annotationApi.selection.setAnnotationSelected(ref.annotationUID, true, false);
        adapter.redraw();
      },
    },
    {
      name: 'emh.armLesion',
      description: 'The next lesion drawing (one) adds to this lesion; Esc or null disarms: {lesionId | null}',
      run: (args) => adapter.arm(args.lesionId === null || args.lesionId === undefined ? null : text(args, 'lesionId')),
    },
    {
      name: 'emh.chooseLesion',
      description: 'Answer "which lesion is this ROI?": {lesionId} or {lesionId: null} for a new lesion',
      run: (args) => adapter.choosePendingLesion(args.lesionId === null || args.lesionId === undefined ? null : text(args, 'lesionId')),
    },
    {
      name: 'emh.escape',
      description: 'Esc: discard an ROI waiting for its lesion, disarm, clear the selection',
      run: () => adapter.escape(),
    },
    {
      name: 'emh.tool',
      description: 'Give the left button to an EMH tool: {tool: lesion | muscle | lesionSignal | liver | spleen | lesionHu}',
      run: (args) => {
        const tool = text(args, 'tool');
        const mapping = mappingOfCommand(tool);
        if (!mapping) throw new Error(`Unknown EMH tool ${tool}`);
        const imageId = viewports.viewport()?.getCurrentImageId();
        // With MPR open the tool draws in its reformats: the modality of the series they show.
        const reformatted = viewports.snapshot().mpr ? viewports.mpr.seriesShown?.seriesInstanceUID : undefined;
        const modality = reformatted
          ? data.findSeries(reformatted)?.instances[0]?.header.modality
          : imageId
            ? data.instanceForImageId(imageId)?.instance.header.modality
            : undefined;
        if (mapping.modality === 'CT') {
          const refusal = huToolRefusal(modality);
          if (refusal) throw new Error(refusal);
        }
        viewports.setPrimaryTool(mapping.toolName);
      },
    },
    {
      name: 'emh.setSeriesWeighting',
      description: 'Override an MR series weighting: {seriesInstanceUID, weighting | null}',
      run: (args) => {
        const weighting = choiceOrNull(args, 'weighting', isWeighting, 'weighting');
        store.setSeriesWeighting(text(args, 'seriesInstanceUID'), weighting);
      },
    },
    {
      name: 'emh.setSeriesContrast',
      description: 'Confirm a series contrast state: {seriesInstanceUID, contrast | null}',
      run: (args) => {
        const contrast = choiceOrNull(args, 'contrast', isContrastState, 'contrast state');
        store.setSeriesContrast(text(args, 'seriesInstanceUID'), contrast);
      },
    },
    {
      name: 'emh.setLiverCall',
      description: 'Override the liver call: {call: below | within | above | none | null}',
      run: (args) => store.setLiverCallOverride(choiceOrNull(args, 'call', isLiverCall, 'liver call')),
    },
  ];
}
