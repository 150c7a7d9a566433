import { utilities as csUtils } from '@cornerstonejs/core';
import { annotation as annotationApi } from '@cornerstonejs/tools';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs } from '../../../src/extensions/types';
import type { SeriesModel } from '../../../src/data/studyModel';
import { PERPENDICULAR_TOLERANCE_DEG, add, dot, norm, planeOfAxes, scale, sub, type Vec3 } from '../lesions/rules/measurementPlane';
import { ellipseHandlesInView, sampleEllipse, type GridPlacement, type WorldEllipse } from '../volumes/rules/ellipseInPlane';
import { loadSeriesVolume, seriesGrid } from '../volumes/seriesVolume';
import type { InventoryAdapter } from './inventoryAdapter';
import { frameOfReferenceOf, outsideVolume, setSeriesStats, worldAnnotation } from './reformatMeasurement';
import { setLesionIdOf } from './annotationMapping';

/**
 * `emh.addHuRoi` / `emh.addSignalRoi` with `world: {centre: [x, y, z], axes: [[x, y, z], [x, y, z]]}`:
 * an ROI ellipse in patient mm, in the plane its two half-axes span (a reformat's plane). Its
 * statistics are measured here on the series' own voxels (ellipseInPlane.ts), so the ROI is
 * measured whether or not MPR is open; an MPR view through it draws it as Cornerstone's ellipse.
 */

function point3(value: unknown, name: string): Vec3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [x, y, z] in mm (finite numbers)`);
  }
  return [value[0], value[1], value[2]];
}

/** The ellipse a script gives, checked: two half-axes of 0.1 mm or more, perpendicular within 10 degrees. */
export function worldEllipseOf(value: unknown): WorldEllipse {
  const world = value as { centre?: unknown; axes?: unknown } | null;
  const shape = '"world" must be {centre: [x, y, z], axes: [[x, y, z], [x, y, z]]} (mm; the axes are half-axis vectors)';
  if (typeof world !== 'object' || world === null || !Array.isArray(world.axes) || world.axes.length !== 2) throw new Error(shape);
  const centre = point3(world.centre, 'world.centre');
  const a = point3(world.axes[0], 'world.axes[0]');
  const b = point3(world.axes[1], 'world.axes[1]');
  if (norm(a) < 0.1 || norm(b) < 0.1) throw new Error('Each half-axis must be 0.1 mm or longer');
  const offRightAngle = 90 - (Math.acos(Math.min(1, Math.abs(dot(a, b)) / (norm(a) * norm(b)))) * 180) / Math.PI;
  if (offRightAngle > PERPENDICULAR_TOLERANCE_DEG) {
    throw new Error(
      `The half-axes must be perpendicular (within ${PERPENDICULAR_TOLERANCE_DEG} degrees); they are ${offRightAngle.toFixed(1)} degrees off`,
    );
  }
  return { centre, axes: [a, b] };
}

/** Where a series' voxels lie in patient mm. */
function placementOf(series: SeriesModel): GridPlacement {
  const grid = seriesGrid(series);
  const first = grid.instances[0]!.header;
  const last = grid.instances[grid.instances.length - 1]!.header;
  const [rx, ry, rz, cx, cy, cz] = first.imageOrientationPatient as [number, number, number, number, number, number];
  const origin = first.imagePositionPatient as unknown as Vec3;
  const end = last.imagePositionPatient as unknown as Vec3;
  return {
    origin,
    columnStep: [rx * grid.spacingMm[0], ry * grid.spacingMm[0], rz * grid.spacingMm[0]],
    rowStep: [cx * grid.spacingMm[1], cy * grid.spacingMm[1], cz * grid.spacingMm[1]],
    sliceStep: scale(sub(end, origin), 1 / (grid.instances.length - 1)),
  };
}

/** Places, measures and records the ROI; throws with the refusal (nothing is kept then). */
export async function addWorldRoi(
  services: HostServices,
  adapter: InventoryAdapter,
  args: CommandArgs,
  toolName: string,
  lesionId: string | undefined,
  modalityRefusal: (modality: string) => string | null,
): Promise<{ annotationUID: string; lesionId: string | null }> {
  const seriesInstanceUID = args.seriesInstanceUID;
  if (typeof seriesInstanceUID !== 'string' || !seriesInstanceUID) throw new Error('"seriesInstanceUID" must be a non-empty string');
  const ellipse = worldEllipseOf(args.world);
  // A case is one patient: the series must be the active patient's.
  const series = services.data.activeSeries().find((s) => s.seriesInstanceUID === seriesInstanceUID);
  if (!series) {
    const known = services.data.findSeries(seriesInstanceUID);
    throw new Error(
      known ? `Series ${seriesInstanceUID} belongs to another patient than the open case` : `No open series ${seriesInstanceUID}`,
    );
  }
  const refused = modalityRefusal(series.instances[0]?.header.modality ?? '');
  if (refused) throw new Error(refused);
  const frameOfReferenceUID = frameOfReferenceOf(series);
  if (!frameOfReferenceUID) throw new Error(`Series ${seriesInstanceUID} has no frame of reference: its mm are no patient coordinates`);
  const [a, b] = ellipse.axes;
  const { centre } = ellipse;
  const ends = [sub(centre, a), add(centre, a), sub(centre, b), add(centre, b)];
  const outside = outsideVolume(services, series, ends);
  if (outside) throw new Error(outside);
  const volume = await loadSeriesVolume(series);
  const sample = sampleEllipse(volume, placementOf(series), ellipse);
  const plane = planeOfAxes([ends[0]!, ends[1]!], [ends[2]!, ends[3]!], frameOfReferenceUID);
  const annotationUID = csUtils.uuidv4();
  const annotation = worldAnnotation(annotationUID, toolName, ellipseHandlesInView(ellipse, plane), plane, seriesInstanceUID);
  setSeriesStats(annotation, sample);
  setLesionIdOf(annotation, lesionId);
  adapter.placingByScript(annotationUID);
  annotationApi.state.addAnnotation(annotation, frameOfReferenceUID);
  const id = adapter.recordScripted(annotation);
  if (id === undefined && !adapter.store.annotation(annotationUID)) {
    adapter.removeFromImages(annotationUID);
    throw new Error('The ROI was not recorded');
  }
  adapter.redraw();
  return { annotationUID, lesionId: adapter.store.annotation(annotationUID)?.lesionId ?? null };
}
