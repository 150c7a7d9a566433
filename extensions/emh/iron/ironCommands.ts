import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import { isDecayModel, isIronOrgan, type IronRoiJson } from './rules/ironReport';
import { echoPositionOf } from './ironMeasurement';
import type { IronDrawings } from './ironDrawings';

type Point = [number, number];

function point(value: unknown, name: string): Point {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [column, row]`);
  }
  return [value[0], value[1]];
}

function text(args: CommandArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || !value) throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

/**
 * `emh.addIronRoi`: an ellipse on any echo of a T2* series measures every echo at that
 * position; the decay of its means is fitted in a worker, kept in the patient's iron case and
 * drawn on the echoes, as a drawing with the mouse is (ironDrawings.ts, the same code).
 */
export function ironCommands(services: HostServices, drawings: IronDrawings): CommandDefinition[] {
  const { data, viewports } = services;

  async function addIronRoi(args: CommandArgs): Promise<IronRoiJson> {
    const seriesInstanceUID = text(args, 'seriesInstanceUID');
    const organ = args.organ;
    if (!isIronOrgan(organ)) throw new Error('"organ" must be "liver", "heart", "spleen", "pancreas" or "muscle"');
    const model = args.model ?? 'truncation';
    if (!isDecayModel(model)) throw new Error('"model" must be "truncation" or "offset"');
    const noiseSigma = args.noiseSigma;
    if (noiseSigma !== undefined && !(typeof noiseSigma === 'number' && noiseSigma > 0))
      throw new Error('"noiseSigma" must be a positive number');
    const center = point(args.center, 'center');
    const radii = point(args.radii, 'radii');
    if (!(radii[0] > 0 && radii[1] > 0)) throw new Error('"radii" must be positive');

    // Every echo at the position is needed, not only the image on screen.
    await data.whenLoaded();
    const series = data.findSeries(seriesInstanceUID);
    if (!series) throw new Error(`No open series ${seriesInstanceUID}`);
    const instance =
      typeof args.instanceNumber === 'number'
        ? series.instances.find((i) => i.header.instanceNumber === args.instanceNumber)
        : typeof args.imageIndex === 'number'
          ? data.instanceForImageId(series.imageIds[args.imageIndex] ?? '')?.instance
          : undefined;
    if (!instance) throw new Error('Name the echo by "instanceNumber" (one the series has) or "imageIndex"');
    const patientKey = data.activePatientKey();
    if (!patientKey) throw new Error('No patient is open');
    const position = echoPositionOf(series, instance.imageIds[0]!);

    // Shows the echo the ROI was drawn on, as the other ROI commands do.
    await viewports.showSeries(seriesInstanceUID, { imageIndex: Math.max(0, series.imageIds.indexOf(position.drawnOnImageId)) });
    return drawings.add(
      position,
      { ellipse: { center, radii }, organ, model, ...(typeof noiseSigma === 'number' ? { noiseSigma } : {}) },
      patientKey,
    );
  }

  return [
    {
      name: 'emh.addIronRoi',
      description:
        'Iron ROI on a T2* series, every echo at its position: {seriesInstanceUID, instanceNumber, center, radii, organ: "liver" | "heart" | "spleen" | "pancreas" | "muscle", model?: "truncation" | "offset", noiseSigma? (else from the air)}; returns its fit',
      run: addIronRoi,
    },
    {
      name: 'emh.removeIronRoi',
      description: 'Delete an iron ROI and its ellipse: {id}',
      run: (args) => {
        if (typeof args.id !== 'string' || !drawings.remove(args.id)) throw new Error(`There is no iron ROI ${String(args.id)}`);
      },
    },
    {
      name: 'emh.showIronRoi',
      description: 'Show the echo an iron ROI was drawn on, its ellipse selected: {id}',
      run: (args) => drawings.show(text(args, 'id')),
    },
    {
      name: 'emh.chooseIronOrgan',
      description: 'Answer the iron ROI picker for the ellipse just drawn: {organ, model?: "truncation" | "offset"}; returns its fit',
      run: (args) => {
        const organ = args.organ;
        if (!isIronOrgan(organ)) throw new Error('"organ" must be "liver", "heart", "spleen", "pancreas" or "muscle"');
        const model = args.model ?? drawings.model;
        if (!isDecayModel(model)) throw new Error('"model" must be "truncation" or "offset"');
        return drawings.choose(organ, model);
      },
    },
    {
      name: 'emh.discardIronRoi',
      description: 'Esc on the iron ROI picker: the ellipse just drawn is not kept',
      run: () => drawings.discard(),
    },
  ];
}
