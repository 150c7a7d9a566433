import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { LesionEdit } from '../../inventory/rules/inventoryTypes';
import {
  EMH_SITES,
  LATERALITIES,
  LATERALITY_LABELS,
  SITE_DEFINITIONS,
  siteTakesLaterality,
  type EmhSite,
  type Laterality,
} from '../rules/sites';

export interface SitePickerProps {
  lesionId: string;
  initial?: { readonly site: EmhSite | null; readonly laterality: Laterality | null; readonly siteText?: string | null };
  onChoose(edit: LesionEdit): void;
  onDismiss(): void;
}

/** Keys 1-9 then 0 pick the sites in list order, as on a keypad row. */
const SITE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;
const LATERALITY_KEYS: Readonly<Record<string, Laterality>> = { r: 'right', l: 'left', b: 'bilateral' };

const COLUMNS = 2;

function editFor(site: EmhSite, laterality: Laterality | null, siteText: string): LesionEdit {
  return {
    site,
    laterality: siteTakesLaterality(site) ? laterality : null,
    ...(site === 'other' ? { siteText: siteText.trim() === '' ? null : siteText.trim() } : {}),
  };
}

/**
 * Asks where a newly drawn lesion lies, while the reader's eyes are still on it. The host
 * positions it. Everything is reachable from the keyboard: 1-0 for the site, R / L / B for
 * the side, Enter to save, Escape for "Later" (the row then says "Site not set").
 */
export function SitePicker({ lesionId, initial, onChoose, onDismiss }: SitePickerProps) {
  const [site, setSite] = useState<EmhSite | null>(initial?.site ?? null);
  const [laterality, setLaterality] = useState<Laterality | null>(initial?.laterality ?? null);
  const [siteText, setSiteText] = useState(initial?.siteText ?? '');
  const siteButtons = useRef<(HTMLButtonElement | null)[]>([]);
  const titleId = useId();
  const lateralityAllowed = site === null || siteTakesLaterality(site);

  useEffect(() => {
    const start = site === null ? 0 : EMH_SITES.indexOf(site);
    siteButtons.current[start]?.focus();
    // Only on opening: afterwards the focus is the user's.
  }, []);

  // The picker owns its keys while it is open, wherever the focus went: adjusting the short
  // axis on the image takes the focus there, and "3" must still mean Presacral, not the
  // bone window. Captured on the window, before the viewer's hotkeys see them.
  const latest = useRef({ site, laterality, siteText, lateralityAllowed });
  latest.current = { site, laterality, siteText, lateralityAllowed };
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      const target = event.target as Node | null;
      if (target && form.current?.contains(target)) return; // the form's own handler answers
      if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (target instanceof HTMLElement && target.closest('[aria-modal="true"], [role="dialog"], [role="alertdialog"]')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const now = latest.current;
      let handled = true;
      const siteIndex = (SITE_KEYS as readonly string[]).indexOf(event.key);
      const side = LATERALITY_KEYS[event.key.toLowerCase()];
      if (event.key === 'Escape') onDismiss();
      else if (event.key === 'Enter') {
        // Enter on another control (a series card, a toolbar button) is that control's.
        if (target instanceof HTMLElement && target.closest('button, a, [role="button"]')) return;
        if (now.site !== null) onChoose(editFor(now.site, now.laterality, now.siteText));
      } else if (EMH_SITES[siteIndex] !== undefined) setSite(EMH_SITES[siteIndex]);
      else if (side !== undefined) {
        if (now.lateralityAllowed) setLaterality(side);
      } else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onChoose, onDismiss]);

  const edit = (chosen: EmhSite): LesionEdit => editFor(chosen, laterality, siteText);

  const save = (): void => {
    if (site !== null) onChoose(edit(site));
  };

  // Keys the picker answers go no further: the viewer's own hotkeys (tools, slice
  // scrolling on the arrows) listen on the window and would act on them as well.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (handleKey(event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const handleKey = (event: KeyboardEvent<HTMLFormElement>): boolean => {
    if (event.key === 'Escape') {
      onDismiss();
      return true;
    }
    // Enter on a site button would only press it again; the reader means "this one, save".
    const focusedSite = siteButtons.current.findIndex((b) => b === event.target);
    const enteredSite = EMH_SITES[focusedSite];
    if (event.key === 'Enter' && enteredSite !== undefined) {
      onChoose(edit(enteredSite));
      return true;
    }
    // Letters and digits belong to the text field while it has the focus.
    if (event.target instanceof HTMLInputElement && event.target.type === 'text') return false;
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const siteIndex = (SITE_KEYS as readonly string[]).indexOf(event.key);
    const keyedSite = EMH_SITES[siteIndex];
    if (keyedSite !== undefined) {
      setSite(keyedSite);
      siteButtons.current[siteIndex]?.focus();
      return true;
    }
    const side = LATERALITY_KEYS[event.key.toLowerCase()];
    if (side !== undefined) {
      if (lateralityAllowed) setLaterality(side);
      return true;
    }
    return moveFocusInGrid(event.key, focusedSite);
  };

  // Arrow keys move around the site grid, as in any button grid.
  const moveFocusInGrid = (key: string, index: number): boolean => {
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    const delta = step[key];
    if (index < 0 || delta === undefined) return false;
    const next = Math.min(EMH_SITES.length - 1, Math.max(0, index + delta));
    siteButtons.current[next]?.focus();
    return true;
  };

  return (
    <form
      ref={form}
      className="emh-site-picker"
      data-testid="site-picker"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="emh-picker-head">
        <span id={titleId} className="emh-picker-title">
          Where is <strong>{lesionId}</strong>?
        </span>
        <button type="button" className="emh-link" data-testid="site-picker-later" onClick={onDismiss} title="Escape">
          Later
        </button>
      </div>

      <div className="emh-site-grid" role="group" aria-label="Site">
        {EMH_SITES.map((key, i) => (
          <button
            key={key}
            type="button"
            ref={(el) => {
              siteButtons.current[i] = el;
            }}
            className="emh-site-choice"
            data-testid={`site-choice-${key}`}
            aria-pressed={site === key}
            onClick={() => setSite(key)}
            // A double click is the quick path: choose and save in one gesture.
            onDoubleClick={() => onChoose(edit(key))}
          >
            <kbd aria-hidden="true">{SITE_KEYS[i]}</kbd>
            {SITE_DEFINITIONS[key].label}
          </button>
        ))}
      </div>

      <input
        type="text"
        className="emh-picker-text"
        data-testid="site-picker-other"
        aria-label="Other site, in your words"
        placeholder="Other site (free text)"
        value={siteText}
        onChange={(event) => {
          setSiteText(event.target.value);
          // Typing a site name can only mean "other".
          if (event.target.value.trim() !== '') setSite('other');
        }}
      />

      <fieldset
        className="emh-laterality"
        disabled={!lateralityAllowed}
        title={lateralityAllowed || site === null ? undefined : `${SITE_DEFINITIONS[site].label} takes no side`}
      >
        <legend>Side</legend>
        {LATERALITIES.map((side) => (
          <label key={side} className="emh-radio">
            <input
              type="radio"
              name={`${titleId}-laterality`}
              value={side}
              data-testid={`site-picker-${side}`}
              checked={lateralityAllowed && laterality === side}
              onChange={() => setLaterality(side)}
            />
            <span>
              {LATERALITY_LABELS[side]} <kbd aria-hidden="true">{side[0]?.toUpperCase()}</kbd>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="emh-picker-actions">
        <span className="emh-aside">Enter saves · Esc later</span>
        <button type="submit" className="emh-primary" data-testid="site-picker-save" disabled={site === null}>
          Save
        </button>
      </div>
    </form>
  );
}
