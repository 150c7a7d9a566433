import { LENGTH_CALIBRATION_WORDS, type EmhAnnotation, type EmhInventory } from '../domain';

/**
 * The short text drawn beside each annotation, in the words of a report: `L4 10.0 x 5.7 cm`,
 * `L4 T2 0.57 hypo`, `Liver 103 HU above`, `Muscle T2 300`. The numbers come from the
 * inventory, so the image and the panel always agree.
 */
const CALL_WORDS: Record<string, string> = {
  'markedly-hypo': 'markedly hypo',
  hypo: 'hypo',
  iso: 'iso',
  hyper: 'hyper',
  indeterminate: 'indeterminate',
};

function cm(mm: number): string {
  return (mm / 10).toFixed(1);
}

export function annotationLabel(annotation: EmhAnnotation, inventory: EmhInventory): string {
  const lesion = annotation.lesionId ? inventory.lesions.find((l) => l.id === annotation.lesionId) : undefined;
  const id = lesion?.id ?? '';
  const weighting =
    inventory.series.find((s) => s.seriesInstanceUID === annotation.ref.seriesInstanceUID)?.weightingOverride ??
    annotation.series.weighting;
  switch (annotation.kind) {
    case 'lesionAxes': {
      if (lesion?.longAxisMm != null && lesion.shortAxisMm != null && lesion.refs[0]?.annotationUID === annotation.annotationUID) {
        const where = LENGTH_CALIBRATION_WORDS[lesion.lengthCalibration ?? 'patient'];
        return `${id} ${cm(lesion.longAxisMm)} x ${cm(lesion.shortAxisMm)} cm${where ? ` ${where}` : ''}`;
      }
      if (lesion?.axesPx && lesion.refs[0]?.annotationUID === annotation.annotationUID) {
        return `${id} ${Math.round(lesion.axesPx.longAxisPx)} x ${Math.round(lesion.axesPx.shortAxisPx)} px, uncalibrated`;
      }
      return id;
    }
    case 'signalRoi': {
      if (annotation.role === 'muscle') return `Muscle ${weighting === 'unknown' ? '' : `${weighting} `}${Math.round(annotation.stats.mean)}`;
      const signal = lesion ? [lesion.t1, lesion.t2].find((s) => s.annotationUID === annotation.annotationUID) : undefined;
      const prefix = `${id} ${weighting === 'unknown' ? 'MR' : weighting}`;
      if (!signal) return `${prefix} ${Math.round(annotation.stats.mean)}`;
      if (signal.ratio === null) return `${prefix}: no muscle reference`;
      const call = signal.override ?? signal.call;
      return `${prefix} ${signal.ratio.toFixed(2)} ${call ? CALL_WORDS[call] : ''}`.trim();
    }
    case 'huRoi': {
      const hu = `${Math.round(annotation.stats.mean)} HU`;
      if (annotation.organ === 'spleen') return `Spleen ${hu}`;
      if (annotation.organ === 'lesion') return `${id} ${hu}`;
      const roi = inventory.liver.rois.find((r) => r.annotationUID === annotation.annotationUID);
      if (roi?.contrast === 'enhanced') return `Liver ${hu} (enhanced)`;
      const call = inventory.liver.callOverride ?? inventory.liver.call;
      return roi?.inSummary && call !== 'none' ? `Liver ${hu} ${call}` : `Liver ${hu}`;
    }
  }
}
