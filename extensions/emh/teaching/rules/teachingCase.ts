/**
 * The teaching case a radiologist writes around the inventory
 * (docs/exports.md#teaching-zip-layout): free text sections, the differential picked from the list
 * in docs/exports.md#teaching-zip-layout, and a draft of the findings written from the
 * measurements. The draft says only what the inventory holds: a value that was not measured is left
 * out, never guessed.
 */

import type { Result } from '../../inventory/rules/common';
import { ok, refused } from '../../inventory/rules/common';
import type { EmhInventory, LesionExport, LiverExport } from '../../inventory/rules/inventoryTypes';
import { formatLesionAxes } from '../../lesions/rules/lesionMeasurement';
import type { SignalCall } from '../../signal/rules/signalRatio';
import { CALL_WORDING } from '../../signal/rules/callWording';
import type { EmhSite, Laterality } from '../../lesions/rules/sites';
import { ironSentences } from './ironText';

export interface TeachingCaseText {
  readonly title: string;
  readonly history: string;
  readonly findings: string;
  readonly diagnosis: string;
  readonly discussion: string;
  readonly differential: readonly string[];
}

/**
 * Differential for paraspinal masses offered in the case template, in the order of
 * docs/exports.md#teaching-zip-layout.
 */
export const PARASPINAL_DIFFERENTIAL: readonly string[] = Object.freeze([
  'Neurogenic tumour',
  'Lymphoma',
  'Metastasis',
  'Plasmacytoma / myeloma',
  'Paravertebral abscess',
  'Lateral meningocele',
  'Extramedullary myeloid sarcoma',
]);

export function emptyTeachingCase(): TeachingCaseText {
  return { title: '', history: '', findings: '', diagnosis: '', discussion: '', differential: [] };
}

/** A new case: empty, with the findings drafted from the inventory for the user to edit. */
export function draftTeachingCase(inventory: EmhInventory): TeachingCaseText {
  return { ...emptyTeachingCase(), findings: findingsNarrative(inventory) };
}

const TEXT_FIELDS = ['title', 'history', 'findings', 'diagnosis', 'discussion'] as const;

/**
 * Checks an update from outside (the panel, `emh.updateCase`): known fields only, text
 * where text belongs, the differential a list of non-empty, distinct entries.
 */
export function validateTeachingCaseUpdate(input: unknown): Result<Partial<TeachingCaseText>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return refused('A case update is an object');
  const update: { -readonly [K in keyof TeachingCaseText]?: TeachingCaseText[K] } = {};
  for (const [key, value] of Object.entries(input)) {
    if ((TEXT_FIELDS as readonly string[]).includes(key)) {
      if (typeof value !== 'string') return refused(`${key} must be text`);
      update[key as (typeof TEXT_FIELDS)[number]] = value;
    } else if (key === 'differential') {
      if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
        return refused('differential must be a list of text');
      }
      update.differential = [...new Set(value.map((item) => item.trim()).filter((item) => item !== ''))];
    } else {
      return refused(`Unknown case field "${key}"`);
    }
  }
  return ok(update);
}

export function applyTeachingCaseUpdate(text: TeachingCaseText, update: Partial<TeachingCaseText>): TeachingCaseText {
  return { ...text, ...update };
}

// ---------------------------------------------------------------- the findings draft

/** As a site reads before "lesion" in a report sentence. */
const SITE_ADJECTIVES: Readonly<Record<Exclude<EmhSite, 'other'>, string>> = {
  'paraspinal-thoracic': 'thoracic paraspinal',
  'paraspinal-lumbar': 'lumbar paraspinal',
  presacral: 'presacral',
  paracostal: 'paracostal',
  liver: 'hepatic',
  spleen: 'splenic',
  'lymph-node': 'nodal',
  mediastinum: 'mediastinal',
  retroperitoneum: 'retroperitoneal',
};

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

const countWord = (n: number): string => NUMBER_WORDS[n] ?? String(n);
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "a, b and c". */
function listing(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Whole HU for prose (the table keeps the decimals), halves away from zero, never "-0". */
function wholeHu(value: number): string {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return String(rounded === 0 ? 0 : rounded);
}

/** The words for where a lesion is, without laterality: "presacral", "renal hilum". */
function siteWords(lesion: LesionExport): string {
  if (lesion.site === null) return 'site not recorded';
  if (lesion.site !== 'other') return SITE_ADJECTIVES[lesion.site];
  const text = lesion.siteText?.trim() ?? '';
  if (text === '') return 'other site';
  // "Renal hilum" reads "renal hilum" mid-sentence; "L5 vertebral body" keeps its capital.
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function groupKey(lesion: LesionExport): string {
  return lesion.site === 'other' ? `other:${siteWords(lesion)}` : (lesion.site ?? 'unset');
}

/** "bilateral thoracic paraspinal (L1 right, L2 left)", "presacral (L4)". */
function siteGroupPhrase(lesions: readonly LesionExport[]): string {
  const words = siteWords(lesions[0] as LesionExport);
  const sides = new Set(lesions.map((l) => l.laterality).filter((side): side is Laterality => side !== null));
  const allSided = lesions.every((l) => l.laterality !== null);
  let side = '';
  if (sides.size === 1 && allSided) side = `${[...sides][0]} `;
  else if (sides.has('bilateral') || (sides.has('left') && sides.has('right'))) side = 'bilateral ';
  const ids =
    sides.size > 1 || (sides.size === 1 && !allSided)
      ? lesions.map((l) => (l.laterality ? `${l.id} ${l.laterality}` : l.id))
      : lesions.map((l) => l.id);
  return `${side}${words} (${ids.join(', ')})`;
}

function sitesSentence(lesions: readonly LesionExport[]): string {
  const groups = new Map<string, LesionExport[]>();
  for (const lesion of lesions) {
    const key = groupKey(lesion);
    groups.set(key, [...(groups.get(key) ?? []), lesion]);
  }
  const count = lesions.length;
  const noun = count === 1 ? 'lesion is' : 'lesions are';
  return `${capitalise(countWord(count))} ${noun} identified: ${listing([...groups.values()].map(siteGroupPhrase))}.`;
}

/** The lesion by name in a sentence: "the presacral lesion (L4)", "the right thoracic paraspinal lesion (L1)". */
function lesionByName(lesion: LesionExport): string {
  if (lesion.site === null) return lesion.id;
  const side = lesion.laterality ? `${lesion.laterality} ` : '';
  return `the ${side}${siteWords(lesion)} lesion (${lesion.id})`;
}

function sizeSentences(lesions: readonly LesionExport[]): string[] {
  const sentences: string[] = [];
  const calibrated = lesions.filter(
    (l): l is LesionExport & { longAxisMm: number; shortAxisMm: number } => l.longAxisMm !== null && l.shortAxisMm !== null,
  );
  // First of equals wins, so the draft does not change when rows are re-sorted in the panel.
  const largest = calibrated.reduce<(typeof calibrated)[number] | null>(
    (best, l) => (best === null || l.longAxisMm > best.longAxisMm ? l : best),
    null,
  );
  if (largest) {
    const size = formatLesionAxes({
      calibrated: true,
      longAxisMm: largest.longAxisMm,
      shortAxisMm: largest.shortAxisMm,
      calibration: largest.lengthCalibration ?? 'patient',
    });
    sentences.push(lesions.length === 1 ? `It measures ${size}.` : `The largest is ${lesionByName(largest)}, measuring ${size}.`);
  }
  // Pixels cannot be compared with cm, so these are named apart and never called largest.
  const uncalibrated = lesions.filter((l) => l.longAxisMm === null && l.axesPx !== null);
  if (uncalibrated.length > 0) {
    const sizes = uncalibrated.map((l) => {
      const px = l.axesPx as NonNullable<LesionExport['axesPx']>;
      return `${Math.round(px.longAxisPx)} x ${Math.round(px.shortAxisPx)} px`;
    });
    const ids = listing(uncalibrated.map((l) => l.id));
    sentences.push(
      uncalibrated.length === 1
        ? `${ids} was measured on an image without pixel spacing (${sizes[0]}, uncalibrated).`
        : `${ids} were measured on images without pixel spacing (${listing(sizes)}, uncalibrated).`,
    );
  }
  return sentences;
}

function ctSentence(lesions: readonly LesionExport[]): string | null {
  const measured = lesions.filter((l): l is LesionExport & { ct: { meanHU: number } } => l.ct.meanHU !== null);
  if (measured.length === 0) return null;
  const states = new Set(measured.map((l) => l.ct.contrast));
  const state = states.size === 1 ? [...states][0] : null;
  const on =
    state === 'unenhanced'
      ? 'On unenhanced CT,'
      : state === 'enhanced'
        ? 'On contrast-enhanced CT,'
        : state === 'unknown'
          ? 'On CT (contrast state unknown),'
          : 'On CT (unenhanced and enhanced series),';
  const values = measured.map((l) => l.ct.meanHU);
  if (measured.length === 1) {
    const only = measured[0] as (typeof measured)[number];
    const subject = lesions.length === 1 ? 'it measures' : `${only.id} measures`;
    return `${on} ${subject} ${wholeHu(only.ct.meanHU)} HU.`;
  }
  const low = wholeHu(Math.min(...values));
  const high = wholeHu(Math.max(...values));
  const range = low === high ? `${low} HU` : `${low} to ${high} HU`;
  if (measured.length === lesions.length) return `${on} the lesions measure ${range}.`;
  const unmeasured = lesions.filter((l) => l.ct.meanHU === null).map((l) => l.id);
  // Name the shorter list: the few without a CT ROI, or the few with one.
  return unmeasured.length <= measured.length
    ? `${on} the lesions measure ${range} (no CT ROI on ${listing(unmeasured)}).`
    : `${on} ${listing(measured.map((l) => l.id))} measure ${range}.`;
}

/** "isointense to muscle on T1 and hypointense on T2", or the half that was measured. */
function signalPhrase(t1: SignalCall | null, t2: SignalCall | null, toMuscle: boolean): string {
  const relative = toMuscle ? ' to muscle' : '';
  if (t1 !== null && t2 !== null) {
    return t1 === t2
      ? `${CALL_WORDING[t1].words}${relative} on T1 and T2`
      : `${CALL_WORDING[t1].words}${relative} on T1 and ${CALL_WORDING[t2].words} on T2`;
  }
  if (t1 !== null) return `${CALL_WORDING[t1].words}${relative} on T1`;
  return `${CALL_WORDING[t2 as SignalCall].words}${relative} on T2`;
}

function signalSentence(lesions: readonly LesionExport[]): string | null {
  // The radiologist's call wins over the automatic one, as everywhere else.
  const patterns = new Map<string, { t1: SignalCall | null; t2: SignalCall | null; ids: string[] }>();
  for (const lesion of lesions) {
    const t1 = lesion.t1.override ?? lesion.t1.call;
    const t2 = lesion.t2.override ?? lesion.t2.call;
    if (t1 === null && t2 === null) continue;
    const key = `${t1}|${t2}`;
    const group = patterns.get(key) ?? { t1, t2, ids: [] };
    group.ids.push(lesion.id);
    patterns.set(key, group);
  }
  if (patterns.size === 0) return null;
  const groups = [...patterns.values()].sort((a, b) => b.ids.length - a.ids.length);
  const [first] = groups;
  if (groups.length === 1 && first && first.ids.length === lesions.length) {
    const subject =
      lesions.length === 1 ? 'It is' : lesions.length === 2 ? 'Both lesions are' : `All ${countWord(lesions.length)} lesions are`;
    return `${subject} ${signalPhrase(first.t1, first.t2, true)}.`;
  }
  const clauses = groups.map((group, i) => {
    const verb = group.ids.length === 1 ? 'is' : 'are';
    return `${listing(group.ids)} ${verb} ${signalPhrase(group.t1, group.t2, i === 0)}`;
  });
  return `${capitalise(clauses.join('; '))}.`;
}

function liverSentence(liver: LiverExport): string | null {
  if (liver.meanHU === null) return null;
  const [low, high] = liver.normalRangeHU;
  const hu = `${wholeHu(liver.meanHU)} HU`;
  const roiCount = liver.rois.filter((r) => r.organ === 'liver' && r.inSummary).length;
  const rois = roiCount > 1 ? ` (mean of ${countWord(roiCount)} ROIs)` : '';
  const call = liver.callOverride ?? liver.call;
  let sentence: string;
  if (liver.contrast === 'enhanced') {
    sentence = `The liver measures ${hu}${rois} on contrast-enhanced CT, which cannot be compared with the unenhanced normal range.`;
  } else {
    const on = liver.contrast === 'unenhanced' ? 'on unenhanced CT' : 'on CT of unknown contrast state';
    const against =
      call === 'above'
        ? `above the normal unenhanced range of ${low}–${high} HU`
        : call === 'below'
          ? `below the normal unenhanced range of ${low}–${high} HU`
          : call === 'within'
            ? `within the normal unenhanced range of ${low}–${high} HU`
            : null;
    sentence = `The liver measures ${hu}${rois} ${on}${against ? `, ${against}` : ''}.`;
  }
  if (liver.spleenMeanHU !== null) {
    const spleen = `The spleen measures ${wholeHu(liver.spleenMeanHU)} HU`;
    const difference = liver.liverMinusSpleenHU;
    const signed = difference === null ? '' : `${difference > 0 ? '+' : ''}${wholeHu(difference)}`;
    sentence += difference === null ? ` ${spleen}.` : ` ${spleen} (liver minus spleen ${signed} HU).`;
  }
  return sentence;
}

/**
 * A findings paragraph a radiologist would write from the inventory: the lesions and their
 * sites, the largest with its size, CT attenuation, MR signal relative to muscle, and the
 * liver against the unenhanced normal range, then the liver and heart iron from T2* MRI. Empty
 * when nothing has been measured.
 */
export function findingsNarrative(inventory: EmhInventory): string {
  const { lesions } = inventory;
  const sentences: string[] = [];
  if (lesions.length > 0) {
    sentences.push(sitesSentence(lesions), ...sizeSentences(lesions));
    const ct = ctSentence(lesions);
    if (ct) sentences.push(ct);
    const signal = signalSentence(lesions);
    if (signal) sentences.push(signal);
  }
  const liver = liverSentence(inventory.liver);
  if (liver) sentences.push(liver);
  sentences.push(...ironSentences(inventory.iron));
  return sentences.join(' ');
}
