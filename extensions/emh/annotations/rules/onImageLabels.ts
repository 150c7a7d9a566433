import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import type { RoiStats } from '../../inventory/rules/common';
import { resolveThresholds } from '../../inventory/rules/config';
import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import type { LesionTimepointValues } from '../../followUp/rules/followUpTypes';
import { changeAtRow } from '../../followUp/rules/lesionHistory';
import { LENGTH_CALIBRATION_WORDS, type LengthCalibration } from '../../lesions/rules/lesionMeasurement';
import { liverCall } from '../../liver/rules/liverAttenuation';
import { CALL_WORDING } from '../../signal/rules/callWording';

/**
 * The text drawn beside each annotation, in the words of a report. An ROI gives its mean ± SD
 * and area, as a reader checks an ROI was placed sensibly, and its call on a line of its own
 * in words that stand alone:
 *
 *   L4 10.0 x 5.7 cm
 *   L4 7.5 x 4.0 cm  /  −25 % vs T1   (a follow-up measurement: its change from the prior)
 *   Liver 103 ± 8 HU, 4.2 cm²  /  above 54–60 HU
 *   L4 T2 171 ± 15, 2.0 cm²    /  hypointense to muscle, ratio 0.57
 *   Muscle ref T2 300 ± 20, 3.1 cm²
 *
 * The numbers come from the inventory, so the image and the panel always agree. Lines are
 * joined with a newline, which the tools split again (Cornerstone draws one text line each).
 */

function cm(mm: number): string {
  return (mm / 10).toFixed(1);
}

/** MR signal has no unit and any scale: whole numbers from 100, else one decimal (as 0.8 ± 0.1). */
function signal(value: number, scale: number): string {
  return Math.abs(scale) >= 100 ? String(Math.round(value)) : value.toFixed(1);
}

/** cm² to one decimal, two below 1 cm²; pixels when the image has no calibration. */
function area(stats: Pick<RoiStats, 'areaMm2' | 'pixelCount'>): string {
  if (stats.areaMm2 === null) return `${stats.pixelCount} px`;
  const cm2 = stats.areaMm2 / 100;
  return `${cm2.toFixed(cm2 < 1 ? 2 : 1)} cm²`;
}

function huLine(name: string, stats: RoiStats): string {
  return `${name} ${Math.round(stats.mean)} ± ${Math.round(stats.sd)} HU, ${area(stats)}`;
}

function signalLine(name: string, stats: RoiStats): string {
  return `${name} ${signal(stats.mean, stats.mean)} ± ${signal(stats.sd, stats.mean)}, ${area(stats)}`;
}

export const LABEL_LINE_BREAK = '\n';

const STATUS_ON_IMAGE = { resolved: 'resolved', 'not-evaluable': 'not evaluable' } as const;

function sizeLine(id: string, longMm: number, shortMm: number, calibration: LengthCalibration | null): string {
  const where = LENGTH_CALIBRATION_WORDS[calibration ?? 'patient'];
  return `${id} ${cm(longMm)} x ${cm(shortMm)} cm${where ? ` ${where}` : ''}`;
}

/**
 * A follow-up measurement's change from the prior time point, in whole % so the label stays
 * short ("−25 % vs T1"); the panel and exports carry the decimals. None at a first measurement.
 */
function changeLines(history: readonly LesionTimepointValues[], at: number): string[] {
  const pct = changeAtRow(history, at).fromPriorPct;
  const prior = history
    .slice(0, at)
    .filter((row) => row.longAxisMm !== null)
    .at(-1);
  if (pct === null || !prior) return [];
  const whole = Math.round(pct);
  const sign = whole < 0 ? '\u2212' : whole > 0 ? '+' : '';
  return [`${sign}${Math.abs(whole)} % vs ${prior.timepoint}`];
}

export function annotationLabelLines(annotation: EmhAnnotation, inventory: EmhInventory): string[] {
  const lesion = annotation.lesionId ? inventory.lesions.find((l) => l.id === annotation.lesionId) : undefined;
  const id = lesion?.id ?? '';
  const weighting =
    inventory.series.find((s) => s.seriesInstanceUID === annotation.ref.seriesInstanceUID)?.weightingOverride ??
    annotation.series.weighting;
  const sequence = weighting === 'unknown' ? 'MR' : weighting;
  switch (annotation.kind) {
    case 'lesionAxes': {
      const history = lesion?.history ?? [];
      // The time point this measurement belongs to: each image shows its own visit's size.
      const at = history.findIndex((row) => row.ref?.annotationUID === annotation.annotationUID);
      const row = history[at];
      if (row && (row.status === 'resolved' || row.status === 'not-evaluable')) return [`${id} ${STATUS_ON_IMAGE[row.status]}`];
      if (row && at < history.length - 1) {
        if (row.longAxisMm === null || row.shortAxisMm === null) return [id];
        return [sizeLine(id, row.longAxisMm, row.shortAxisMm, row.lengthCalibration ?? null), ...changeLines(history, at)];
      }
      const first = lesion?.refs[0]?.annotationUID === annotation.annotationUID;
      if (first && lesion?.longAxisMm != null && lesion.shortAxisMm != null) {
        return [sizeLine(id, lesion.longAxisMm, lesion.shortAxisMm, lesion.lengthCalibration), ...(row ? changeLines(history, at) : [])];
      }
      if (first && lesion?.axesPx) {
        return [`${id} ${Math.round(lesion.axesPx.longAxisPx)} x ${Math.round(lesion.axesPx.shortAxisPx)} px, uncalibrated`];
      }
      return id ? [id] : [];
    }
    case 'signalRoi': {
      if (annotation.role === 'muscle') return [signalLine(`Muscle ref ${sequence}`, annotation.stats)];
      const first = signalLine(`${id} ${sequence}`.trim(), annotation.stats);
      const tag = lesion ? [lesion.t1, lesion.t2].find((s) => s.annotationUID === annotation.annotationUID) : undefined;
      if (!tag) return [first];
      if (tag.ratio === null) return [first, 'no muscle reference on this series'];
      const call = tag.override ?? tag.call;
      const ratio = `ratio ${tag.ratio.toFixed(2)}`;
      return [first, call ? `${CALL_WORDING[call].onImage}, ${ratio}` : ratio];
    }
    case 'huRoi': {
      if (annotation.organ === 'spleen') return [huLine('Spleen', annotation.stats)];
      if (annotation.organ === 'lesion') return [huLine(id, annotation.stats)];
      const first = huLine('Liver', annotation.stats);
      const roi = inventory.liver.rois.find((r) => r.annotationUID === annotation.annotationUID);
      const [low, high] = inventory.liver.normalRangeHU;
      const range = `${low}–${high} HU`;
      if (roi?.contrast === 'enhanced') return [first, `enhanced: no ${range} call`];
      const thresholds = resolveThresholds({ liver: { normalRangeHU: [low, high] } });
      const call = liverCall(annotation.stats.mean, roi?.contrast ?? null, thresholds);
      return call === 'none' ? [first] : [first, `${call} ${range}`];
    }
  }
}

export function annotationLabel(annotation: EmhAnnotation, inventory: EmhInventory): string {
  return annotationLabelLines(annotation, inventory).join(LABEL_LINE_BREAK);
}
