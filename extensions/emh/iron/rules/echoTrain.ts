/**
 * A T2* series: magnitude images at one slice position with different echo times. Pure: the
 * images arrive as plain facts (classic single-frame images or the frames of an enhanced MR
 * object, each with its own echo time), and come out grouped by position, echoes in TE order.
 */

export interface EchoImage {
  /** Whatever names the image for the caller (an imageId, SOP UID and frame...). */
  readonly id: string;
  readonly echoTimeMs: number | null;
  /** Position along the slice normal, mm; null without geometry. */
  readonly slicePositionMm: number | null;
  /** ImageType (0008,0008) values, upper case, e.g. ORIGINAL, PRIMARY, M, ND. */
  readonly imageType: readonly string[];
}

export interface EchoTrain {
  readonly slicePositionMm: number | null;
  /** One image per echo, shortest TE first. */
  readonly echoes: readonly { readonly id: string; readonly echoTimeMs: number }[];
}

export type EchoSeries =
  | {
      readonly kind: 't2star';
      readonly trains: readonly EchoTrain[];
      readonly echoTimesMs: readonly number[];
      readonly description: string;
    }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'not-multi-echo' };

const MIN_ECHOES = 3;
/** Slices closer than this (mm) are one position. */
const SAME_POSITION_MM = 0.01;

function isPhase(image: EchoImage): boolean {
  return image.imageType.some((value) => value === 'P' || value === 'PHASE');
}

function formatMs(value: number): string {
  return Number(value.toFixed(2)).toString();
}

/**
 * Recognises a multi-echo gradient echo series. Phase images are refused with a reason (R2*
 * needs magnitudes); a series with magnitude and phase keeps its magnitudes.
 */
export function recogniseEchoSeries(images: readonly EchoImage[]): EchoSeries {
  const withTe = images.filter((i) => i.echoTimeMs !== null && Number.isFinite(i.echoTimeMs));
  const distinct = new Set(withTe.map((i) => i.echoTimeMs));
  if (distinct.size < MIN_ECHOES) return { kind: 'not-multi-echo' };
  const magnitudes = withTe.filter((i) => !isPhase(i));
  if (magnitudes.length === 0) {
    return { kind: 'refused', reason: 'Phase images (ImageType P): R2* and T2* are measured on magnitude images' };
  }
  const trains: { slicePositionMm: number | null; echoes: { id: string; echoTimeMs: number }[] }[] = [];
  for (const image of magnitudes) {
    const position = image.slicePositionMm;
    let train = trains.find((t) =>
      t.slicePositionMm === null || position === null
        ? t.slicePositionMm === position
        : Math.abs(t.slicePositionMm - position) < SAME_POSITION_MM,
    );
    if (!train) trains.push((train = { slicePositionMm: position, echoes: [] }));
    // Two images of one echo at one position: the first is kept (a repeat adds nothing to a fit).
    if (!train.echoes.some((e) => e.echoTimeMs === image.echoTimeMs))
      train.echoes.push({ id: image.id, echoTimeMs: image.echoTimeMs as number });
  }
  for (const train of trains) train.echoes.sort((a, b) => a.echoTimeMs - b.echoTimeMs);
  const usable = trains.filter((t) => t.echoes.length >= MIN_ECHOES).sort((a, b) => (a.slicePositionMm ?? 0) - (b.slicePositionMm ?? 0));
  if (usable.length === 0) return { kind: 'not-multi-echo' };
  const echoTimesMs = [...new Set(usable.flatMap((t) => t.echoes.map((e) => e.echoTimeMs)))].sort((a, b) => a - b);
  const first = echoTimesMs[0]!;
  const last = echoTimesMs[echoTimesMs.length - 1]!;
  return {
    kind: 't2star',
    trains: usable,
    echoTimesMs,
    description: `T2*: ${echoTimesMs.length} echoes, TE ${formatMs(first)}-${formatMs(last)} ms`,
  };
}
