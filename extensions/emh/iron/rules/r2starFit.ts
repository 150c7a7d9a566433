/**
 * R2* from a multi-echo gradient echo: the mean signal of an ROI at each echo time, fitted with
 * S(TE) = S0 * exp(-R2* * TE) (truncation model, the default) or S0 * exp(-R2* * TE) + C
 * (offset model). TE in ms, R2* in Hz (1/s), T2* = 1000 / R2* ms. Pure: no DOM, no workers.
 */

export type DecayModel = 'truncation' | 'offset';

export interface EchoSignal {
  readonly echoTimeMs: number;
  readonly signal: number;
}

export interface R2starFit {
  readonly model: DecayModel;
  readonly r2starHz: number;
  readonly t2starMs: number;
  readonly s0: number;
  /** The offset model's constant; 0 for the truncation model. */
  readonly offset: number;
  /** Coefficient of determination of the fitted curve over the echoes used. */
  readonly rSquared: number;
  /** How many echoes, from the first, the fit used. */
  readonly echoesUsed: number;
}

export interface FitOptions {
  readonly model?: DecayModel;
  /**
   * SD of the Gaussian noise in each channel of the magnitude images (e.g. from air). With it,
   * each echo's mean is corrected for the Rician floor, sqrt(M² - sigma²), and the truncation
   * floor defaults to 3 sigma.
   */
  readonly noiseSigma?: number;
  /**
   * Signal below which an echo is taken to be at the noise floor (truncation model): by default
   * a tenth of the first echo. Pass a measured floor (e.g. 2 x the SD of air) when there is one.
   */
  readonly noiseFloor?: number;
  /** Truncation keeps dropping late echoes while R² is below this (Positano's criterion). */
  readonly minRSquared?: number;
}

const MIN_ECHOES = 3;

/** Straight-line fit of ln(S) against TE, weighted by S² (the variance of ln S is ~ 1/S²). */
function logLinear(echoes: readonly EchoSignal[]): { s0: number; r2starPerMs: number } {
  let sw = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (const { echoTimeMs: x, signal } of echoes) {
    if (signal <= 0) continue;
    const w = signal * signal;
    const y = Math.log(signal);
    sw += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    sxy += w * x * y;
  }
  const denominator = sw * sxx - sx * sx;
  if (sw === 0 || denominator === 0) return { s0: echoes[0]?.signal ?? 0, r2starPerMs: 0 };
  const slope = (sw * sxy - sx * sy) / denominator;
  return { s0: Math.exp((sy - slope * sx) / sw), r2starPerMs: Math.max(0, -slope) };
}

function rSquared(echoes: readonly EchoSignal[], curve: (te: number) => number): number {
  const mean = echoes.reduce((s, e) => s + e.signal, 0) / echoes.length;
  let residual = 0;
  let total = 0;
  for (const e of echoes) {
    residual += (e.signal - curve(e.echoTimeMs)) ** 2;
    total += (e.signal - mean) ** 2;
  }
  return total === 0 ? (residual === 0 ? 1 : 0) : 1 - residual / total;
}

/** Solves the small symmetric system A x = b (Gaussian elimination with pivoting); null if singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-300) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Least squares of the signal itself (not its logarithm) by Levenberg-Marquardt, from a start
 * the log-linear fit gives. Parameters: [S0, R2* per ms] or [S0, R2* per ms, C].
 */
function levenbergMarquardt(echoes: readonly EchoSignal[], start: number[]): number[] {
  const withOffset = start.length === 3;
  const model = (p: number[], te: number) => p[0]! * Math.exp(-p[1]! * te) + (withOffset ? p[2]! : 0);
  const cost = (p: number[]) => echoes.reduce((s, e) => s + (e.signal - model(p, e.echoTimeMs)) ** 2, 0);
  let p = [...start];
  let lambda = 1e-3;
  let current = cost(p);
  for (let iteration = 0; iteration < 200; iteration++) {
    const n = p.length;
    const jtj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const jtr = new Array<number>(n).fill(0);
    for (const e of echoes) {
      const decay = Math.exp(-p[1]! * e.echoTimeMs);
      const jacobian = [decay, -p[0]! * e.echoTimeMs * decay, ...(withOffset ? [1] : [])];
      const r = e.signal - model(p, e.echoTimeMs);
      for (let i = 0; i < n; i++) {
        jtr[i]! += jacobian[i]! * r;
        for (let j = 0; j < n; j++) jtj[i]![j]! += jacobian[i]! * jacobian[j]!;
      }
    }
    const damped = jtj.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) : v)));
    const step = solve(damped, jtr);
    if (!step) break;
    const next = p.map((v, i) => v + step[i]!);
    next[1] = Math.max(0, next[1]!);
    const nextCost = cost(next);
    if (nextCost < current) {
      const converged = current - nextCost <= 1e-12 * Math.max(1, current);
      p = next;
      current = nextCost;
      lambda = Math.max(lambda / 10, 1e-12);
      if (converged) break;
    } else {
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return p;
}

function result(model: DecayModel, echoes: readonly EchoSignal[], p: number[]): R2starFit {
  const r2starHz = p[1]! * 1000;
  const offset = model === 'offset' ? p[2]! : 0;
  return {
    model,
    r2starHz,
    t2starMs: r2starHz > 0 ? 1000 / r2starHz : Number.POSITIVE_INFINITY,
    s0: p[0]!,
    offset,
    rSquared: rSquared(echoes, (te) => p[0]! * Math.exp(-p[1]! * te) + offset),
    echoesUsed: echoes.length,
  };
}

/**
 * Fits the decay. Echoes are sorted by TE. Truncation: echoes from the first one below the noise
 * floor on are dropped, then late echoes one by one while R² < minRSquared (never fewer than
 * three). Offset: every echo, with the constant C absorbing the floor.
 */
export function fitR2star(input: readonly EchoSignal[], options: FitOptions = {}): R2starFit | null {
  const sigma = options.noiseSigma ?? 0;
  const echoes = [...input]
    .filter((e) => Number.isFinite(e.signal) && Number.isFinite(e.echoTimeMs))
    .sort((a, b) => a.echoTimeMs - b.echoTimeMs)
    // Magnitude images never fall to 0: noise adds about sigma² to the squared mean.
    .map((e) => (sigma > 0 ? { echoTimeMs: e.echoTimeMs, signal: Math.sqrt(Math.max(0, e.signal * e.signal - sigma * sigma)) } : e));
  if (echoes.length < MIN_ECHOES || !(echoes[0]!.signal > 0)) return null;
  const model = options.model ?? 'truncation';
  if (model === 'offset') {
    const start = logLinear(echoes);
    const floor = Math.min(...echoes.map((e) => e.signal));
    return result('offset', echoes, levenbergMarquardt(echoes, [start.s0, start.r2starPerMs, Math.max(0, floor / 2)]));
  }
  const floor = options.noiseFloor ?? (sigma > 0 ? 3 * sigma : echoes[0]!.signal / 10);
  const belowFloor = echoes.findIndex((e) => e.signal < floor);
  let used = belowFloor < 0 ? echoes : echoes.slice(0, Math.max(MIN_ECHOES, belowFloor));
  const minR2 = options.minRSquared ?? 0.995;
  for (;;) {
    const start = logLinear(used);
    const fit = result('truncation', used, levenbergMarquardt(used, [start.s0, start.r2starPerMs]));
    if (fit.rSquared >= minR2 || used.length <= MIN_ECHOES) return fit;
    used = used.slice(0, -1);
  }
}
