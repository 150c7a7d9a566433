/** The JSON fit_r2star.py prints. */
export interface ScipyAnswer {
  readonly numpy: string;
  readonly scipy: string;
  readonly python: string;
  readonly roi: { r2starHz: number; echoesUsed: number; medianMs: number; p95Ms: number; relativeDifference: number };
  readonly map: {
    pixels: number;
    fitted: number;
    failures: number;
    seconds: number;
    compared: number;
    comparedRelative: number;
    onlyViewer: number;
    onlyScipy: number;
    maxRelative: number | null;
    medianRelative: number | null;
    p99Relative: number | null;
    maxAbsoluteHz: number | null;
  };
}

export function isScipyAnswer(value: unknown): value is ScipyAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { roi?: { medianMs?: unknown }; map?: { seconds?: unknown } };
  return typeof v.roi?.medianMs === 'number' && typeof v.map?.seconds === 'number';
}
