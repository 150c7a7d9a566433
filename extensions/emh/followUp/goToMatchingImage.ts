import type { HostServices } from '../../../src/extensions/hostServices';
import type { FollowUpView } from './rules/followUpView';
import { matchingSeries } from './rules/matchingSeries';

/** What the host's `viewer.matchingImage` answers: where the same anatomy is on another series. */
export interface MatchingImage {
  readonly instanceNumber: number | null;
  readonly frame: number;
  readonly point: readonly [number, number] | null;
  readonly method: 'frame-of-reference' | 'linked' | 'registration' | 'none';
}

const METHOD_WORDS: Readonly<Record<MatchingImage['method'], string>> = {
  'frame-of-reference': 'same frame of reference',
  linked: 'studies linked by the reader',
  registration: 'registered',
  none: 'no match',
};

function isMatchingImage(value: unknown): value is MatchingImage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.instanceNumber === null || typeof v.instanceNumber === 'number') && typeof v.method === 'string';
}

/**
 * "Go to" for a lesion still to measure: from the image it was last measured on to the image
 * of the same anatomy on the current study, which is shown with the lesion selected, so the
 * next measurement ("Measure here") is that lesion at the latest time point.
 */
export async function goToMatchingImage(services: HostServices, view: FollowUpView, lesionId: string): Promise<string> {
  const lesion = view.lesions.find((l) => l.id === lesionId);
  const ref = lesion?.refs[0];
  if (!lesion || !ref) throw new Error(`${lesionId} has no earlier measurement to start from`);
  const latest = view.timepoints.at(-1);
  if (!latest) throw new Error('No time point to go to');
  const target = matchingSeries(ref, services.data.activeSeries(), latest.studyInstanceUIDs);
  if (!target) throw new Error(`No ${ref.modality} series of ${latest.id} is open to find ${lesionId} on`);
  if (!services.commands.has('viewer.matchingImage')) {
    throw new Error('This viewer cannot find the matching image on another study yet (viewer.matchingImage is missing)');
  }
  const answer = await services.commands.run('viewer.matchingImage', {
    sopInstanceUID: ref.sopInstanceUID,
    frame: ref.frame,
    toSeriesInstanceUID: target.seriesInstanceUID,
  });
  if (!isMatchingImage(answer)) throw new Error('viewer.matchingImage gave an answer this panel does not understand');
  if (answer.method === 'none' || answer.instanceNumber === null) {
    throw new Error(
      `No image of ${target.description || 'the current series'} shows where ${lesionId} was: link the two studies, then try again`,
    );
  }
  await services.commands.run('viewer.show', { seriesInstanceUID: target.seriesInstanceUID, instanceNumber: answer.instanceNumber });
  await services.commands.run('emh.selectLesion', { lesionId });
  return `${lesionId}: image ${answer.instanceNumber} of ${target.description || target.seriesInstanceUID} (${METHOD_WORDS[answer.method]})`;
}
