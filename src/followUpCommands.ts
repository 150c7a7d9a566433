/**
 * The host's commands for follow-up over time: the patient's studies by time point, a prior
 * opened beside the current study, the offset between two studies set from a linked pair of
 * points, and where the anatomy of one image is on another series.
 */
import type { ImagePoint } from './cornerstone/priorComparison';
import type { ViewerServices } from './extensions/hostServices';
import type { CommandArgs, CommandDefinition } from './extensions/types';
import { isoDate } from './data/timepoints';

function optionalString(args: CommandArgs, name: string): string | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

function pixel(value: unknown, name: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [column, row]`);
  }
  return value as [number, number];
}

function optionalFrame(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`"${name}" must be a frame number (1..)`);
  return value;
}

/** `{sopInstanceUID, frame?, point}` or `{viewport, point}` (the image that viewport shows). */
function imagePoint(value: unknown, name: string): ImagePoint {
  const end = value as Record<string, unknown> | null;
  if (typeof end !== 'object' || end === null) throw new Error(`"${name}" must be {sopInstanceUID, frame?, point} or {viewport, point}`);
  const point = pixel(end.point, `${name}.point`);
  if (typeof end.sopInstanceUID === 'string')
    return { sopInstanceUID: end.sopInstanceUID, frame: optionalFrame(end.frame, `${name}.frame`), point };
  if (typeof end.viewport === 'number' && Number.isInteger(end.viewport)) return { viewport: end.viewport, point };
  throw new Error(`"${name}" must name a sopInstanceUID or a viewport`);
}

export function followUpCommands(services: ViewerServices): CommandDefinition[] {
  const { timeline, priors, viewports, data } = services;
  return [
    {
      name: 'viewer.studies',
      description:
        "The active patient's studies, open and on the PACS, oldest first: [{studyInstanceUID, date (ISO), timepoint, loaded, modalities, description, current}]",
      run: async (args) => {
        if (args.refresh === true) await timeline.refresh();
        const shown = viewports.seriesIn(viewports.snapshot().activeIndex)?.studyInstanceUID ?? null;
        return timeline.timeline().studies.map((s) => ({
          studyInstanceUID: s.studyInstanceUID,
          date: isoDate(s.date),
          timepoint: s.timepoint,
          loaded: s.loaded,
          modalities: s.modalities,
          description: s.description,
          current: s.studyInstanceUID === shown,
        }));
      },
    },
    {
      name: 'viewer.openBeside',
      description:
        'Open a prior beside the series on screen (1x2, matching series, matching slice, synced scrolling): {studyInstanceUID} or {seriesInstanceUID}; resolves with {left, right, method}',
      run: (args) =>
        priors.openBeside({
          studyInstanceUID: optionalString(args, 'studyInstanceUID'),
          seriesInstanceUID: optionalString(args, 'seriesInstanceUID'),
        }),
    },
    {
      name: 'viewer.linkStudies',
      description:
        'Line two studies up from one matching pair of points: {from: {sopInstanceUID, frame?, point: [c,r]} | {viewport, point}, to: ...}; resolves with {translation: [x,y,z] mm, method: "linked"}',
      run: (args) => priors.link(imagePoint(args.from, 'from'), imagePoint(args.to, 'to')),
    },
    {
      name: 'viewer.linkMode',
      description: 'Pick a matching pair of points with the mouse: the next click in each of two viewports; {on?: boolean}',
      run: (args) => priors.setLinking(typeof args.on === 'boolean' ? args.on : !priors.linking()),
    },
    {
      name: 'viewer.matchingImage',
      description:
        'Where an image (and pixel) is on another series: {sopInstanceUID, frame?, point?: [c,r], toSeriesInstanceUID}; resolves with {instanceNumber, frame, point: [c,r] | null, method: "frame-of-reference" | "linked" | "registration" | "none"}',
      run: (args) => {
        const sopInstanceUID = optionalString(args, 'sopInstanceUID');
        const toSeriesInstanceUID = optionalString(args, 'toSeriesInstanceUID');
        if (!sopInstanceUID || !toSeriesInstanceUID) throw new Error('"sopInstanceUID" and "toSeriesInstanceUID" are required');
        return priors.matchingImage({
          sopInstanceUID,
          toSeriesInstanceUID,
          frame: optionalFrame(args.frame, 'frame'),
          point: args.point === undefined ? undefined : pixel(args.point, 'point'),
        });
      },
    },
    {
      name: 'viewport.image',
      description:
        'What a viewport shows: {viewport?}; {seriesInstanceUID, studyInstanceUID, sopInstanceUID, instanceNumber, frame, imageIndex, imagePositionPatient} or null',
      run: (args) => {
        const index = args.viewport === undefined ? undefined : Number(args.viewport);
        const viewport = viewports.viewport(index);
        const imageId = viewport?.getCurrentImageId();
        const found = imageId ? data.instanceForImageId(imageId) : undefined;
        if (!viewport || !imageId || !found) return null;
        const { header } = found.instance;
        return {
          seriesInstanceUID: header.seriesInstanceUID,
          studyInstanceUID: header.studyInstanceUID,
          sopInstanceUID: header.sopInstanceUID,
          instanceNumber: header.instanceNumber,
          frame: found.frame,
          imageIndex: viewport.getCurrentImageIdIndex(),
          imagePositionPatient: services.geometry.plane(imageId)?.origin ?? null,
        };
      },
    },
    {
      name: 'viewer.studyOffset',
      description: 'The remembered offset between two studies: {from, to} (StudyInstanceUIDs); {translation, method} or null',
      run: (args) => {
        const from = optionalString(args, 'from');
        const to = optionalString(args, 'to');
        if (!from || !to) throw new Error('"from" and "to" are required');
        // Asked about open studies only: an unknown UID is more likely a typo than a real pair.
        if (!data.collection.list().some((s) => s.studyInstanceUID === from)) throw new Error(`No open study ${from}`);
        return priors.offsets.get(from, to);
      },
    },
  ];
}
