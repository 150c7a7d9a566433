/**
 * The iron groups of an EMH report read back (docs/exports.md#sr-iron): each ROI as the record
 * the iron store keeps (through ironRoiFromJson, which checks every field), and the case's LIC
 * calibration. The summaries' numbers are not read: the store computes them again from the ROIs,
 * as it did when the report was written.
 */

import type { LicCalibration } from '../../iron/rules/ironGrades';
import { ironRoiFromJson, type IronRoiRecord } from '../../iron/rules/ironReport';
import { errorMessage } from '../../../../src/util/errorMessage';
import { CODES, EMH_CODES, keyOfCode, sameCode } from './srCodes';
import type { EvidenceEntry, SrNode } from './srDicom';
import {
  CALIBRATION_CODES,
  DECAY_MODEL_CODES,
  HEART_IRON_SUMMARY,
  IRON_MEASUREMENTS,
  IRON_ROI_PREFIX,
  IRON_SITES,
  IRON_UNITS,
  LIVER_IRON_SUMMARY,
  NOISE_SOURCE_CODES,
} from './srIronCodes';
import type { CodedConcept } from '../../lesions/rules/sites';

export interface IronRead {
  /** The ROIs in report order; their ref has no instance number or slice position (the open images give those). */
  readonly rois: readonly IronRoiRecord[];
  /** The calibration the liver summary names; null without one. */
  readonly calibration: LicCalibration | null;
  /** What is wrong with an iron group, one line each; with any, the import leaves the iron store alone. */
  readonly problems: readonly string[];
}

const trackingIdentifier = (node: SrNode) =>
  node.children.find((c) => sameCode(c.concept, CODES.trackingIdentifier) && c.text !== null)?.text ?? null;

/** Whether an EMH measurement group is one of the iron groups (an ROI or a summary). */
export function isIronGroup(node: SrNode): boolean {
  const id = trackingIdentifier(node);
  if (id !== null && (id.startsWith(IRON_ROI_PREFIX) || id === LIVER_IRON_SUMMARY || id === HEART_IRON_SUMMARY)) return true;
  return node.children.some((c) => c.valueType === 'NUM' && sameCode(c.concept, IRON_MEASUREMENTS.r2star));
}

/**
 * The ellipse's centre and radii in image indices from DICOM ELLIPSE end points (SCOORD, pixel
 * corner at 0\0). Graphic Data is float32, so each value is rounded to a thousandth of a pixel:
 * an ellipse given with up to three decimals comes back as it was given.
 */
export function ellipseCentreAndRadii(data: readonly number[]): { center: [number, number]; radii: [number, number] } | null {
  if (data.length !== 8 || !data.every(Number.isFinite)) return null;
  const [ax, ay, bx, by, cx, cy, dx, dy] = data.map((v) => v - 0.5) as [number, number, number, number, number, number, number, number];
  const thousandth = (v: number) => Math.round(v * 1000) / 1000 + 0;
  const firstHorizontal = ay === by && cx === dx;
  const firstVertical = ax === bx && cy === dy;
  if (!firstHorizontal && !firstVertical) return null;
  const [h1, h2, v1, v2] = firstHorizontal ? [ax, bx, cy, dy] : [cx, dx, ay, by];
  const [centerX, centerY] = firstHorizontal ? [(ax + bx) / 2, (cy + dy) / 2] : [(cx + dx) / 2, (ay + by) / 2];
  return {
    center: [thousandth(centerX), thousandth(centerY)],
    radii: [thousandth(Math.abs(h2 - h1) / 2), thousandth(Math.abs(v2 - v1) / 2)],
  };
}

class IronProblem extends Error {}

function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new IronProblem(what);
  return value;
}

export class IronReportReader {
  readonly #rois: IronRoiRecord[] = [];
  readonly #problems: string[] = [];
  #calibration: LicCalibration | null = null;
  #seen = false;

  constructor(private readonly evidence: (sopInstanceUID: string) => EvidenceEntry | undefined) {}

  group(node: SrNode): void {
    this.#seen = true;
    const id = trackingIdentifier(node);
    const label = `Iron group ${node.path}${id ? ` "${id}"` : ''}`;
    try {
      if (id === LIVER_IRON_SUMMARY) this.#liverSummary(node);
      else if (id === HEART_IRON_SUMMARY) return;
      else this.#rois.push(this.#roi(node, id));
    } catch (error) {
      this.#problems.push(`${label}: ${error instanceof IronProblem ? error.message : errorMessage(error)}`);
    }
  }

  result(): IronRead | null {
    if (!this.#seen) return null;
    const ids = this.#rois.map((r) => r.id);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    const problems = [...this.#problems, ...repeated.map((id) => `Iron ROI ${id} is in the report twice`)];
    return { rois: this.#rois, calibration: this.#calibration, problems };
  }

  #liverSummary(node: SrNode): void {
    const item = node.children.find((c) => sameCode(c.concept, IRON_MEASUREMENTS.licCalibration));
    if (!item) return;
    const calibration = keyOfCode(CALIBRATION_CODES, item.code);
    this.#calibration = need(calibration, `unknown LIC calibration ${item.code?.value ?? '(none)'}`);
  }

  #roi(node: SrNode, id: string | null): IronRoiRecord {
    if (!id?.startsWith(IRON_ROI_PREFIX)) throw new IronProblem(`no tracking identifier "${IRON_ROI_PREFIX}<id>"`);
    const site = node.children.find((c) => sameCode(c.concept, CODES.findingSite))?.code ?? null;
    const organ = need(keyOfCode(IRON_SITES, site), `finding site ${site?.value ?? '(none)'} is no iron organ`);
    const nums = node.children.filter((c) => c.valueType === 'NUM' && c.num);
    const num = (concept: CodedConcept, unit: CodedConcept | null, name: string): SrNode => {
      const found = need(
        nums.find((n) => sameCode(n.concept, concept)),
        `${name} is missing`,
      );
      if (unit && !sameCode(found.num?.unit, unit))
        throw new IronProblem(`${name} is in ${found.num?.unit?.value ?? '(no unit)'}, not ${unit.value}`);
      return found;
    };
    const value = (concept: CodedConcept, unit: CodedConcept | null, name: string) => num(concept, unit, name).num!.value;
    const r2star = num(IRON_MEASUREMENTS.r2star, IRON_UNITS.hz, 'R2*');
    const methodCode = r2star.children.find((c) => sameCode(c.concept, IRON_MEASUREMENTS.method))?.code ?? null;
    const model = need(keyOfCode(DECAY_MODEL_CODES, methodCode), `the fit method of R2* is ${methodCode?.value ?? 'missing'}`);
    const region = need(
      r2star.children.find((c) => c.valueType === 'SCOORD' && c.graphicType === 'ELLIPSE'),
      'R2* has no ELLIPSE region',
    );
    const sop = need(region.children.find((c) => c.valueType === 'IMAGE')?.image?.sopInstanceUID, 'the region cites no image');
    const where = need(this.evidence(sop), `image ${sop} is not in the evidence sequences`);
    const ellipse = need(ellipseCentreAndRadii(region.graphicData), 'the region is not an ellipse along the image axes');
    const decay = need(
      node.children.find((c) => c.valueType === 'CONTAINER' && sameCode(c.concept, IRON_MEASUREMENTS.decay)),
      'the signal at each echo is missing',
    );
    const echoTimesMs: number[] = [];
    const meanSignal: number[] = [];
    for (const item of decay.children) {
      if (sameCode(item.concept, IRON_MEASUREMENTS.echoTime) && item.num) echoTimesMs.push(item.num.value);
      else if (sameCode(item.concept, IRON_MEASUREMENTS.echoSignal) && item.num) meanSignal.push(item.num.value);
      else throw new IronProblem(`echo item ${item.path} not understood`);
    }
    const field = nums.find((n) => sameCode(n.concept, IRON_MEASUREMENTS.fieldStrength));
    const noiseCode = node.children.find((c) => c.valueType === 'CODE' && sameCode(c.concept, IRON_MEASUREMENTS.noiseSource))?.code;
    const noiseSource = noiseCode
      ? need(keyOfCode(NOISE_SOURCE_CODES, noiseCode), `noise source ${noiseCode.value} not understood`)
      : undefined;
    const noiseSigma = nums.find((n) => sameCode(n.concept, IRON_MEASUREMENTS.noiseSigma))?.num?.value ?? null;
    // Every field checked again, as an autosave would be, with the field named when wrong.
    return ironRoiFromJson({
      id: id.slice(IRON_ROI_PREFIX.length),
      organ,
      model,
      r2starHz: r2star.num!.value,
      t2starMs: value(IRON_MEASUREMENTS.t2star, IRON_UNITS.ms, 'T2*'),
      s0: value(IRON_MEASUREMENTS.s0, null, 'S0'),
      offset: value(IRON_MEASUREMENTS.offset, null, 'the signal offset'),
      rSquared: value(IRON_MEASUREMENTS.rSquared, null, 'R²'),
      echoesUsed: value(IRON_MEASUREMENTS.echoesUsed, null, 'the echoes used'),
      pixels: value(EMH_CODES.pixelCount, null, 'the pixel count'),
      meanSignal,
      echoTimesMs,
      fieldStrengthT: field?.num?.value ?? null,
      ...(noiseSource !== undefined ? { noiseSource, noiseSigma } : {}),
      ref: {
        studyInstanceUID: where.studyInstanceUID,
        seriesInstanceUID: where.seriesInstanceUID,
        sopInstanceUID: sop,
        instanceNumber: null,
        slicePositionMm: null,
        ...ellipse,
      },
    });
  }
}
