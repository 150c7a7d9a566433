/** CT window presets (width / level in HU), on number keys, as in most reading-room viewers. */
export interface WindowPreset {
  id: string;
  label: string;
  key: string;
  width: number;
  center: number;
}

export const CT_PRESETS: readonly WindowPreset[] = [
  { id: 'soft-tissue', label: 'Soft tissue', key: '1', width: 400, center: 40 },
  { id: 'liver', label: 'Liver', key: '2', width: 150, center: 90 },
  { id: 'bone', label: 'Bone', key: '3', width: 2000, center: 500 },
  { id: 'lung', label: 'Lung', key: '4', width: 1500, center: -600 },
];

/** DICOM PS3.3 C.11.2.1.2 linear VOI function, as Cornerstone's toLowHighRange computes it. */
export function voiRangeFor(width: number, center: number): { lower: number; upper: number } {
  return { lower: center - 0.5 - (width - 1) / 2, upper: center - 0.5 + (width - 1) / 2 };
}

/**
 * MR has no absolute scale, so a fixed window is meaningless: window on the 1st to 99.5th
 * percentile of the image's own values, which ignores the few hot pixels that min/max would
 * follow. Sampling keeps it cheap on large images.
 */
export function autoWindow(pixels: ArrayLike<number>): { width: number; center: number } | null {
  const step = Math.max(1, Math.floor(pixels.length / 65536));
  const sample: number[] = [];
  for (let i = 0; i < pixels.length; i += step) sample.push(pixels[i]);
  if (sample.length === 0) return null;
  sample.sort((a, b) => a - b);
  const low = sample[Math.floor(sample.length * 0.01)];
  const high = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.995))];
  const width = Math.max(1, high - low);
  return { width, center: low + width / 2 };
}
