/**
 * Writes the synthetic EMH sample case: four DICOM series, a manifest for the viewer and the
 * truth file for tests; and beside it a small non-square, oblique CT series (output-oblique/),
 * a multi-echo T2* study (output-t2star/) and the follow-up time point of the same patient
 * (output-followup/, followUpPhantom.ts). Deterministic: the same bytes on every run and
 * every machine.
 *
 *   npx tsx sample-dicom/generate.ts        (npm run sample)
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataset } from './dataset';
import { encodePart10, type NaturalDataset } from './dicomWriter';
import { formatJson } from './json';
import { pixelModelFor } from './noise';
import { labelSlice, renderPixels, type LabelMap } from './phantom';
import { createRng } from './random';
import { assertPlacement, publishedRegions } from './regions';
import { SERIES, fileNameOf } from './series';
import { buildTruth } from './truth';
import { followUpTruth } from './followUpTruth';
import { OBLIQUE_FOLDER, obliqueImages } from './obliquePhantom';
import { T2STAR_FOLDER, t2starImages } from './t2starPhantom';
import { FOLLOW_UP_FOLDER_SUFFIX, FOLLOW_UP_SERIES, assertFollowUpPlacement, followUpImages, followUpLabelCache } from './followUpPhantom';

export interface GenerateResult {
  files: string[];
  /** The oblique, non-square series (relative to obliqueDir), kept out of the sample's manifest. */
  obliqueFiles: string[];
  /** The multi-echo T2* study (relative to t2starDir), with its own manifest too. */
  t2starFiles: string[];
  /** The follow-up time point (relative to followUpDir), CT first, with its own manifest. */
  followUpFiles: string[];
  manifestPath: string;
  truthPath: string | null;
  elapsedMs: number;
}

/** Label maps are shared by all series; computing each once keeps generation fast. */
function labelCache(): (slice: number, withLesions?: boolean) => LabelMap {
  const cache = new Map<string, LabelMap>();
  return (slice, withLesions = true) => {
    const key = `${slice}/${withLesions}`;
    let labels = cache.get(key);
    if (labels === undefined) {
      labels = labelSlice(slice, withLesions);
      cache.set(key, labels);
    }
    return labels;
  };
}

function ctStoredOf(ctStored: ReadonlyMap<number, Uint16Array>): (slice: number) => Uint16Array {
  return (slice) => {
    const pixels = ctStored.get(slice);
    if (pixels === undefined) throw new Error(`ct-nc has no slice ${slice}`);
    return pixels;
  };
}

interface SideImage {
  readonly relative: string;
  readonly dataset: NaturalDataset;
  readonly pixels: Uint16Array;
}

/** A study of its own beside the sample case, in fresh folders, with its own manifest; returns its files. */
async function writeSideStudy(
  dir: string,
  folders: readonly string[],
  images: readonly SideImage[],
  writes: Array<Promise<void>>,
): Promise<string[]> {
  for (const folder of folders) {
    await rm(path.join(dir, folder), { recursive: true, force: true });
    await mkdir(path.join(dir, folder), { recursive: true });
  }
  const files = images.map((image) => image.relative);
  for (const image of images) writes.push(writeFile(path.join(dir, image.relative), encodePart10(image.dataset, image.pixels)));
  writes.push(writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify({ files }, null, 2)}\n`));
  return files;
}

export async function generateSampleCase(
  outDir: string,
  truthPath?: string,
  obliqueDir = `${outDir}-oblique`,
  t2starDir = `${outDir}-t2star`,
  followUpDir = `${outDir}${FOLLOW_UP_FOLDER_SUFFIX}`,
): Promise<GenerateResult> {
  const started = performance.now();
  const labelsFor = labelCache();
  assertPlacement(labelsFor);

  const files: string[] = [];
  // The unenhanced CT as written, for each lesion's mean HU in the truth file.
  const ctStored = new Map<number, Uint16Array>();
  const writes: Array<Promise<void>> = [];
  for (const series of SERIES) {
    const folder = path.join(outDir, series.key);
    // Start from an empty folder so files from an older layout never linger.
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    const model = pixelModelFor(series);
    series.slices.forEach((slice, index) => {
      const instanceNumber = index + 1;
      const labels = labelsFor(slice);
      const rng = createRng(`emh-sample/${series.key}/${instanceNumber}`);
      const pixels = renderPixels(labels, model, rng, publishedRegions(slice, labels));
      if (series.key === 'ct-nc') ctStored.set(slice, pixels);
      const bytes = encodePart10(buildDataset(series, instanceNumber, slice), pixels);
      const relative = `${series.key}/${fileNameOf(instanceNumber)}`;
      files.push(relative);
      writes.push(writeFile(path.join(outDir, relative), bytes));
    });
  }

  const obliqueFiles = await writeSideStudy(obliqueDir, [OBLIQUE_FOLDER], obliqueImages(), writes);
  const t2starFiles = await writeSideStudy(t2starDir, [T2STAR_FOLDER], t2starImages(), writes);
  const followUpLabels = followUpLabelCache();
  assertFollowUpPlacement(followUpLabels);
  const followUpFolders = FOLLOW_UP_SERIES.map((series) => series.key);
  const followUpFiles = await writeSideStudy(followUpDir, followUpFolders, [...followUpImages(followUpLabels)], writes);
  await Promise.all(writes);

  // SERIES lists the CT series first, which is the order the manifest promises.
  const manifestPath = path.join(outDir, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify({ files }, null, 2)}\n`);

  if (truthPath !== undefined) {
    await mkdir(path.dirname(truthPath), { recursive: true });
    await writeFile(
      truthPath,
      formatJson({
        ...buildTruth((slice) => labelsFor(slice), ctStoredOf(ctStored)),
        followUp: followUpTruth((instance) => followUpLabels(instance)),
      }),
    );
  }
  return {
    files,
    obliqueFiles,
    t2starFiles,
    followUpFiles,
    manifestPath,
    truthPath: truthPath ?? null,
    elapsedMs: performance.now() - started,
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedDirectly) {
  generateSampleCase(path.join(here, 'output'), path.join(here, 'truth.json')).then(
    (result) => {
      console.log(
        `wrote ${result.files.length} + ${result.obliqueFiles.length} (oblique) + ${result.t2starFiles.length} (T2*) + ${result.followUpFiles.length} (follow-up) DICOM files, manifests and truth.json in ${Math.round(result.elapsedMs)} ms`,
      );
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
