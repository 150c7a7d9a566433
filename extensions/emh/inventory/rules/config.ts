/**
 * Every number the EMH rules use, in one place. The defaults are those of docs/lesions.md,
 * docs/signal.md#bands and docs/liver.md#normal-range-and-the-call; a site or a teaching programme
 * may change any of them, so every rule takes an `EmhThresholds` as an optional last parameter
 * instead of reading a constant.
 */

/** Lesion-to-muscle signal intensity ratio bands (docs/signal.md#bands). */
export interface SignalBandThresholds {
  /** Below this the lesion is markedly hypointense. */
  readonly markedlyHypoBelow: number;
  /** From `markedlyHypoBelow` up to (not including) this: hypointense; from here: isointense. */
  readonly isoFrom: number;
  /** Isointense up to and including this; above it: hyperintense. */
  readonly isoTo: number;
}

/** Repetition / echo time limits, in ms, used when the series text does not name the weighting. */
export interface WeightingTimingThresholds {
  /** T1 when TR < t1MaxTrMs and TE < t1MaxTeMs. */
  readonly t1MaxTrMs: number;
  readonly t1MaxTeMs: number;
  /** T2 when TR > t2MinTrMs and TE > t2MinTeMs. */
  readonly t2MinTrMs: number;
  readonly t2MinTeMs: number;
  /** PD when TR > pdMinTrMs and TE < pdMaxTeMs. */
  readonly pdMinTrMs: number;
  readonly pdMaxTeMs: number;
}

export interface LiverThresholds {
  /**
   * Normal unenhanced liver attenuation, inclusive at both ends (case report: 54-60 HU;
   * docs/liver.md#normal-range-and-the-call).
   */
  readonly normalRangeHU: readonly [number, number];
  /** Mean above this suggests iron deposition. */
  readonly ironAboveHU: number;
  /** Mean below this suggests steatosis. */
  readonly steatosisBelowHU: number;
  /** Liver minus spleen below this suggests steatosis. */
  readonly liverMinusSpleenBelowHU: number;
  /** Recommended number of liver ROIs (left lobe and two in the right lobe). */
  readonly minLiverRois: number;
}

/** Follow-up over time (docs/follow-up.md). */
export interface FollowUpThresholds {
  /** Studies within this many days of a time point's earliest study belong to that time point. */
  readonly timepointWindowDays: number;
  /** Growth of the long axis above this % from the nadir is flagged. */
  readonly growthFromNadirPct: number;
}

export interface EmhThresholds {
  readonly signal: SignalBandThresholds;
  /** A muscle reference further than this along the slice axis earns a warning. */
  readonly maxMuscleDistanceMm: number;
  /** ROIs smaller than this (1 cm2) earn a warning. */
  readonly minRoiAreaMm2: number;
  /** ROIs with fewer pixels than this earn a warning, and an MR call becomes indeterminate. */
  readonly minRoiPixels: number;
  readonly weighting: WeightingTimingThresholds;
  readonly liver: LiverThresholds;
  readonly followUp: FollowUpThresholds;
}

export const DEFAULT_THRESHOLDS: EmhThresholds = Object.freeze({
  signal: Object.freeze({ markedlyHypoBelow: 0.5, isoFrom: 0.9, isoTo: 1.1 }),
  maxMuscleDistanceMm: 30,
  minRoiAreaMm2: 100,
  minRoiPixels: 20,
  weighting: Object.freeze({
    t1MaxTrMs: 800,
    t1MaxTeMs: 30,
    t2MinTrMs: 2000,
    t2MinTeMs: 60,
    pdMinTrMs: 2000,
    pdMaxTeMs: 30,
  }),
  liver: Object.freeze({
    normalRangeHU: Object.freeze([54, 60] as const),
    ironAboveHU: 75,
    steatosisBelowHU: 40,
    liverMinusSpleenBelowHU: -10,
    minLiverRois: 3,
  }),
  followUp: Object.freeze({ timepointWindowDays: 30, growthFromNadirPct: 20 }),
});

/** The shape a user or site configuration may supply: any subset of any group. */
export interface EmhThresholdOverrides {
  readonly signal?: Partial<SignalBandThresholds>;
  readonly maxMuscleDistanceMm?: number;
  readonly minRoiAreaMm2?: number;
  readonly minRoiPixels?: number;
  readonly weighting?: Partial<WeightingTimingThresholds>;
  readonly liver?: Partial<LiverThresholds>;
  readonly followUp?: Partial<FollowUpThresholds>;
}

/**
 * Defaults with a partial configuration laid over them. Bands that overlap after the merge
 * would make the signal call ambiguous, so they are refused here rather than at call time.
 */
export function resolveThresholds(overrides: EmhThresholdOverrides = {}, base: EmhThresholds = DEFAULT_THRESHOLDS): EmhThresholds {
  const merged: EmhThresholds = {
    signal: { ...base.signal, ...overrides.signal },
    maxMuscleDistanceMm: overrides.maxMuscleDistanceMm ?? base.maxMuscleDistanceMm,
    minRoiAreaMm2: overrides.minRoiAreaMm2 ?? base.minRoiAreaMm2,
    minRoiPixels: overrides.minRoiPixels ?? base.minRoiPixels,
    weighting: { ...base.weighting, ...overrides.weighting },
    liver: { ...base.liver, ...overrides.liver },
    followUp: { ...base.followUp, ...overrides.followUp },
  };
  const { markedlyHypoBelow, isoFrom, isoTo } = merged.signal;
  if (!(markedlyHypoBelow <= isoFrom && isoFrom <= isoTo)) {
    throw new RangeError(
      `Signal bands must satisfy markedlyHypoBelow <= isoFrom <= isoTo (got ${markedlyHypoBelow}, ${isoFrom}, ${isoTo})`,
    );
  }
  const [low, high] = merged.liver.normalRangeHU;
  if (!(low <= high)) {
    throw new RangeError(`Liver normal range must be [low, high] (got [${low}, ${high}])`);
  }
  const { timepointWindowDays } = merged.followUp;
  if (!(Number.isFinite(timepointWindowDays) && timepointWindowDays >= 0)) {
    throw new RangeError(`The time point window must be a number of days >= 0 (got ${timepointWindowDays})`);
  }
  return merged;
}
