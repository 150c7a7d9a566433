import { utilities as csUtils, type Types } from '@cornerstonejs/core';
import { annotation as annotationApi } from '@cornerstonejs/tools';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs } from '../../../src/extensions/types';
import {
  NAMED_PLANES,
  centreOf,
  dot,
  planeOfAxes,
  worldAxesRefusal,
  type MeasurementPlane,
  type Vec3,
} from '../lesions/rules/measurementPlane';
import type { EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { Segment } from '../lesions/rules/lesionMeasurement';
import type { InventoryAdapter } from './inventoryAdapter';
import { isAnnotationSource } from './annotationMapping';
import { lesionAxesMapping } from './rules/mappings/lesionAxes';
import { frameOfReferenceOf, outsideVolume, worldAnnotation } from './reformatMeasurement';

/**
 * `emh.addLesion {seriesInstanceUID, world: {longAxis, shortAxis}}`: a lesion measured in patient
 * mm, as in a reformat. The plane is the one the two axes span; the measurement is drawn as a
 * Cornerstone annotation with world handles, shown by any MPR view through that plane (now or
 * when MPR opens), and kept in the inventory whether MPR is open or not.
 */

function point3(value: unknown, name: string): Vec3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [[x, y, z], [x, y, z]] in mm (finite numbers)`);
  }
  return [value[0], value[1], value[2]];
}

function segment3(value: unknown, name: string): Segment<Vec3> {
  if (!Array.isArray(value) || value.length !== 2) throw new Error(`"${name}" must be [[x, y, z], [x, y, z]] in mm`);
  return [point3(value[0], name), point3(value[1], name)];
}

export interface WorldLesionPlaced {
  readonly annotationUID: string;
  readonly lesionId: string;
}

/** Places and records the measurement; throws with the refusal (nothing is kept then). */
export function addWorldLesion(
  services: HostServices,
  adapter: InventoryAdapter,
  args: CommandArgs,
  lesionId: string | undefined,
): WorldLesionPlaced {
  const seriesInstanceUID = args.seriesInstanceUID;
  if (typeof seriesInstanceUID !== 'string' || !seriesInstanceUID) throw new Error('"seriesInstanceUID" must be a non-empty string');
  const world = args.world as { longAxis?: unknown; shortAxis?: unknown } | null;
  if (typeof world !== 'object' || world === null) throw new Error('"world" must be {longAxis: [[x, y, z], [x, y, z]], shortAxis: [...]}');
  const longAxis = segment3(world.longAxis, 'world.longAxis');
  const shortAxis = segment3(world.shortAxis, 'world.shortAxis');
  const refusal = worldAxesRefusal(longAxis, shortAxis);
  if (refusal) throw new Error(refusal);
  // A case is one patient: the series must be the active patient's.
  const series = services.data.activeSeries().find((s) => s.seriesInstanceUID === seriesInstanceUID);
  if (!series) {
    const known = services.data.findSeries(seriesInstanceUID);
    throw new Error(
      known ? `Series ${seriesInstanceUID} belongs to another patient than the open case` : `No open series ${seriesInstanceUID}`,
    );
  }
  const outside = outsideVolume(services, series, [...longAxis, ...shortAxis]);
  if (outside) throw new Error(outside);
  const frameOfReferenceUID = frameOfReferenceOf(series);
  if (!frameOfReferenceUID) throw new Error(`Series ${seriesInstanceUID} has no frame of reference: its mm are no patient coordinates`);
  const plane = planeOfAxes(longAxis, shortAxis, frameOfReferenceUID);
  const annotationUID = csUtils.uuidv4();
  const annotation = worldAnnotation(annotationUID, lesionAxesMapping.toolName, [...longAxis, ...shortAxis], plane, seriesInstanceUID);
  if (lesionId) (annotation.data as { emhLesionId?: string }).emhLesionId = lesionId;
  adapter.placingByScript(annotationUID);
  annotationApi.state.addAnnotation(annotation, frameOfReferenceUID);
  const id = adapter.recordScripted(annotation);
  if (!id) {
    adapter.removeFromImages(annotationUID);
    throw new Error('The measurement was not recorded');
  }
  adapter.redraw();
  return { annotationUID, lesionId: id };
}

/** The reformat view whose camera is nearest a plane's normal (the named one, for a named plane). */
function viewFor(plane: MeasurementPlane): 'axial' | 'sagittal' | 'coronal' {
  if (plane.name !== 'oblique') return plane.name;
  const views = ['axial', 'sagittal', 'coronal'] as const;
  const along = (name: (typeof views)[number]) => Math.abs(dot(NAMED_PLANES[name].normal, plane.viewPlaneNormal));
  return views.reduce((best, name) => (along(name) > along(best) ? name : best));
}

/** A reformat measurement's points in patient mm: lesion axes' four ends, or an ROI's four axis ends. */
function worldPointsOf(record: EmhAnnotation): Vec3[] | null {
  if (record.kind === 'lesionAxes')
    return record.axes.space === 'mm' ? ([...record.axes.longAxis, ...record.axes.shortAxis] as Vec3[]) : null;
  const source = record.source;
  return isAnnotationSource(source) && source.world === true && source.points.length >= 4
    ? source.points.map(([x, y, z]) => [x ?? 0, y ?? 0, z ?? 0] as Vec3)
    : null;
}

/**
 * Go to a measurement made in a reformat: MPR of its series (opened, or reopened from another
 * series), the crosshairs at its centre, and the view of its plane looking along the plane's
 * normal (a plane rotated since, or an oblique measurement, turns that view back to it).
 */
export async function showInReformat(services: HostServices, record: EmhAnnotation & { plane: MeasurementPlane }): Promise<void> {
  const { viewports } = services;
  const points = worldPointsOf(record);
  if (!points) return;
  const seriesInstanceUID = record.ref.seriesInstanceUID;
  if (viewports.snapshot().mpr && viewports.mpr.seriesShown?.seriesInstanceUID !== seriesInstanceUID) {
    viewports.setLayout(viewports.snapshot().layout);
  }
  if (!viewports.snapshot().mpr) {
    const series = services.data.findSeries(seriesInstanceUID);
    const instance = series?.instances.find((i) => i.header.sopInstanceUID === record.ref.sopInstanceUID);
    const imageId = instance?.imageIds[Math.max(0, record.ref.frame - 1)];
    const imageIndex = imageId && series ? series.imageIds.indexOf(imageId) : -1;
    if (imageIndex < 0) throw new Error(`The series of this measurement (${seriesInstanceUID}) is not open`);
    await viewports.showSeries(seriesInstanceUID, { imageIndex });
    await viewports.openMpr();
  }
  const centre = centreOf(points);
  const name = viewFor(record.plane);
  const viewport = viewports.mpr.viewport(name);
  const camera = viewport?.getCamera();
  const normal = record.plane.viewPlaneNormal;
  if (viewport && camera?.viewPlaneNormal && Math.abs(dot(camera.viewPlaneNormal as unknown as Vec3, normal)) < 1 - 1e-6) {
    const distance = Math.hypot(...(camera.position ?? [0, 0, 0]).map((v, i) => v - (camera.focalPoint?.[i] ?? 0))) || 500;
    viewport.setCamera({
      viewPlaneNormal: [...normal] as Types.Point3,
      viewUp: [...record.plane.viewUp] as Types.Point3,
      focalPoint: [...centre] as Types.Point3,
      position: centre.map((v, i) => v + (normal[i] as number) * distance) as Types.Point3,
    });
  }
  viewports.mpr.setCentre([...centre] as Types.Point3);
  viewports.mpr.setActive(name);
  viewport?.render();
}
