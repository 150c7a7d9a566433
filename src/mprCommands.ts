/**
 * The host's commands for the reformat views: slab, crosshair centre, and a read-out of each
 * view's plane, centre, slab and window for scripts and tests.
 */
import type { Types } from '@cornerstonejs/core';
import { utilities } from '@cornerstonejs/core';
import type { ViewerServices } from './extensions/hostServices';
import type { CommandArgs, CommandDefinition } from './extensions/types';
import { MPR_PLANES, type MprPlane } from './cornerstone/mprService';

function point3(value: unknown, name: string): Types.Point3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [x, y, z] in patient mm`);
  }
  return value as Types.Point3;
}

function planeArg(args: CommandArgs): MprPlane | undefined {
  const plane = args.plane;
  if (plane === undefined) return undefined;
  if (!MPR_PLANES.includes(plane as MprPlane)) throw new Error(`"plane" must be one of ${MPR_PLANES.join(', ')}`);
  return plane as MprPlane;
}

export function mprCommands({ viewports }: ViewerServices): CommandDefinition[] {
  const { mpr } = viewports;
  return [
    {
      name: 'viewport.slab',
      description: 'Slab of the active MPR view: {thickness (mm), mode: "mip" | "none", plane?}',
      run: (args) => {
        const thickness = args.thickness ?? 0;
        const mode = args.mode ?? 'mip';
        if (typeof thickness !== 'number') throw new Error('"thickness" must be a number of mm');
        if (mode !== 'mip' && mode !== 'none') throw new Error('"mode" must be "mip" or "none"');
        const plane = planeArg(args);
        if (plane) mpr.setActive(plane);
        mpr.setSlab(thickness, mode);
      },
    },
    {
      name: 'viewport.mprCentre',
      description: 'Move the MPR crosshairs (all three planes) to a patient point: {world: [x, y, z]}',
      run: (args) => mpr.setCentre(point3(args.world, 'world')),
    },
    {
      name: 'viewport.mprWorldToClient',
      description: 'Page coordinates of patient points in an MPR view: {plane, points: [[x,y,z]...]}',
      run: (args) => {
        const points = args.points;
        if (!Array.isArray(points)) throw new Error('"points" must be a list of [x, y, z]');
        return mpr.worldToClient(
          planeArg(args) ?? mpr.activePlane,
          points.map((p) => point3(p, 'points')),
        );
      },
    },
    {
      name: 'viewport.mprState',
      description: 'Each MPR view: {viewportId, plane, centre (patient mm), slab, window}, and the volume timings and cache bytes',
      run: () => {
        if (!viewports.snapshot().mpr) return null;
        const centre = mpr.centre();
        return {
          seriesInstanceUID: mpr.seriesShown?.seriesInstanceUID ?? null,
          activePlane: mpr.activePlane,
          timings: mpr.timing(),
          memory: mpr.memory(),
          views: mpr.views().map(({ viewportId, plane }) => {
            const viewport = mpr.viewport(plane);
            const range = viewport?.getProperties()?.voiRange;
            const window = range ? utilities.windowLevel.toWindowLevel(range.lower, range.upper) : null;
            const camera = viewport?.getCamera();
            return {
              viewportId,
              plane,
              centre,
              viewPlaneNormal: camera?.viewPlaneNormal ?? null,
              slab: mpr.slabOf(plane),
              window: window ? { width: window.windowWidth, center: window.windowCenter } : null,
            };
          }),
        };
      },
    },
  ];
}
