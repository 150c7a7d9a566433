/**
 * Which two edited slices "Interpolate" fills between: the edited slices either side of the
 * image on screen; when the image on screen is not between two edited slices, the pair of
 * neighbouring edited slices nearest to it. Slices are 0-based places in the stack.
 */
export function slicesToInterpolate(edited: Iterable<number>, current: number): readonly [number, number] | null {
  const sorted = [...new Set(edited)].sort((a, b) => a - b);
  if (sorted.length < 2) return null;
  let best: readonly [number, number] | null = null;
  let bestDistance = Infinity;
  for (let k = 0; k + 1 < sorted.length; k += 1) {
    const a = sorted[k]!;
    const b = sorted[k + 1]!;
    if (a < current && current < b) return [a, b];
    const distance = current <= a ? a - current : current - b;
    if (distance < bestDistance) {
      best = [a, b];
      bestDistance = distance;
    }
  }
  return best;
}
