/**
 * Editing a lesion row (site, laterality, notes, call overrides). Edits also arrive from
 * the scripting API as untyped objects, so they are checked here; an unknown field is
 * refused with its name rather than dropped silently.
 */

import { ok, refused, type Result } from '../../inventory/rules/common';
import type { LesionEdit, LesionFields, LesionRecord } from '../../inventory/rules/inventoryTypes';
import { isSignalCall, SIGNAL_CALLS } from '../../signal/rules/signalRatio';
import { randomUid } from '../../sr/rules/srUids';
import { EMH_SITES, isEmhSite, isLaterality, LATERALITIES } from './sites';

const EDITABLE_FIELDS = ['site', 'siteText', 'laterality', 'notes', 't1Override', 't2Override'] as const;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** Checks an edit from any source; the result is safe to hand to the store. */
export function validateLesionEdit(input: unknown): Result<LesionEdit> {
  if (!isPlainObject(input)) return refused('A lesion edit must be an object');
  const unknownFields = Object.keys(input).filter((key) => !(EDITABLE_FIELDS as readonly string[]).includes(key));
  if (unknownFields.length > 0) {
    return refused(`Unknown lesion field(s): ${unknownFields.join(', ')} (editable: ${EDITABLE_FIELDS.join(', ')})`);
  }
  const { site, siteText, laterality, notes, t1Override, t2Override } = input;
  if (site !== undefined && site !== null && !isEmhSite(site)) {
    return refused(`Unknown site "${String(site)}" (one of ${EMH_SITES.join(', ')})`);
  }
  if (laterality !== undefined && laterality !== null && !isLaterality(laterality)) {
    return refused(`Unknown laterality "${String(laterality)}" (one of ${LATERALITIES.join(', ')})`);
  }
  if (siteText !== undefined && !nullableString(siteText)) return refused('siteText must be text or null');
  if (notes !== undefined && typeof notes !== 'string') return refused('notes must be text');
  for (const [name, value] of [
    ['t1Override', t1Override],
    ['t2Override', t2Override],
  ] as const) {
    if (value !== undefined && value !== null && !isSignalCall(value)) {
      return refused(`Unknown ${name} "${String(value)}" (one of ${SIGNAL_CALLS.join(', ')}, or null)`);
    }
  }
  return ok(input as LesionEdit);
}

/** A lesion nobody has described yet: no site, no notes, no overrides. */
export function blankLesionFields(id: string): LesionFields {
  return { id, site: null, siteText: null, laterality: null, notes: '', t1Override: null, t2Override: null };
}

/** A new lesion record; its tracking UID is made here, once, unless the caller has one (SR import). */
export function newLesionRecord(id: string, implicit: boolean, trackingUid: string = randomUid()): LesionRecord {
  return { ...blankLesionFields(id), implicit, trackingUid };
}

/** The record with the edit applied; an edited lesion is no longer implicit. */
export function applyLesionEdit(record: LesionRecord, edit: LesionEdit): LesionRecord {
  const next: LesionRecord = {
    ...record,
    ...(edit.site !== undefined ? { site: edit.site } : {}),
    ...(edit.siteText !== undefined ? { siteText: emptyToNull(edit.siteText) } : {}),
    ...(edit.laterality !== undefined ? { laterality: edit.laterality } : {}),
    ...(edit.notes !== undefined ? { notes: edit.notes } : {}),
    ...(edit.t1Override !== undefined ? { t1Override: edit.t1Override } : {}),
    ...(edit.t2Override !== undefined ? { t2Override: edit.t2Override } : {}),
  };
  return { ...next, implicit: false };
}

function emptyToNull(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}
