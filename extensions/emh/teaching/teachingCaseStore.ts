import { Observable } from '../../../src/state/observable';
import type { EmhInventory } from '../inventory/rules/inventoryTypes';
import {
  applyTeachingCaseUpdate,
  emptyTeachingCase,
  findingsNarrative,
  validateTeachingCaseUpdate,
  type TeachingCaseText,
} from './rules/teachingCase';
import type { KeyImageRef } from './keyImageCapture';

interface SavedCase {
  text: TeachingCaseText;
  findingsEdited: boolean;
  keyImages: KeyImageRef[];
}

interface Draft extends SavedCase {
  storageKey: string | null;
}

const STORAGE_PREFIX = 'emh-teaching-case:';

function isKeyImage(value: unknown): value is KeyImageRef {
  const v = value as Partial<KeyImageRef> | null;
  return typeof v?.seriesInstanceUID === 'string' && typeof v.instanceNumber === 'number';
}

/**
 * The teaching case being written: its text, whether the radiologist has edited the findings
 * (until then they follow the inventory's narrative), and the key images in the order marked.
 * Kept in this browser per study, so a reload does not lose a half-written case.
 */
export class TeachingCaseStore extends Observable {
  private text: TeachingCaseText = emptyTeachingCase();
  private findingsEdited = false;
  private keys: KeyImageRef[] = [];
  private storageKey: string | null = null;
  /** The patient whose teaching case this is; the other patients' drafts wait in `drafts`. */
  private caseKey: string | null = null;
  private readonly drafts = new Map<string, Draft>();

  /** The case text, findings drafted from the inventory until the user writes their own. */
  caseText(inventory: EmhInventory): TeachingCaseText {
    return this.findingsEdited ? this.text : { ...this.text, findings: findingsNarrative(inventory) };
  }

  findingsAreEdited(): boolean {
    return this.findingsEdited;
  }

  keyImages(): readonly KeyImageRef[] {
    return this.keys;
  }

  isKeyImage(ref: KeyImageRef): boolean {
    return this.keys.some((k) => k.seriesInstanceUID === ref.seriesInstanceUID && k.instanceNumber === ref.instanceNumber);
  }

  update(input: unknown): TeachingCaseText {
    const result = validateTeachingCaseUpdate(input);
    if (!result.ok) throw new Error(result.reason);
    if (result.value.findings !== undefined) this.findingsEdited = true;
    this.text = applyTeachingCaseUpdate(this.text, result.value);
    this.changed();
    return this.text;
  }

  /** Back to the narrative generated from the inventory. */
  redraftFindings(): void {
    this.findingsEdited = false;
    this.text = { ...this.text, findings: '' };
    this.changed();
  }

  setKeyImage(ref: KeyImageRef, on: boolean): boolean {
    const present = this.isKeyImage(ref);
    if (on && !present) this.keys = [...this.keys, { seriesInstanceUID: ref.seriesInstanceUID, instanceNumber: ref.instanceNumber }];
    if (!on && present)
      this.keys = this.keys.filter((k) => !(k.seriesInstanceUID === ref.seriesInstanceUID && k.instanceNumber === ref.instanceNumber));
    if (on !== present) this.changed();
    return on;
  }

  /**
   * Each patient has a teaching case of their own: switching puts this one aside and brings
   * that patient's back (or an empty one bound to their first study), so key images and text
   * of one patient never reach another's export.
   */
  showCase(caseKey: string, firstStudy: string | undefined): void {
    if (caseKey !== this.caseKey) {
      if (this.caseKey !== null) {
        this.drafts.set(this.caseKey, {
          text: this.text,
          findingsEdited: this.findingsEdited,
          keyImages: this.keys,
          storageKey: this.storageKey,
        });
      }
      const draft = this.drafts.get(caseKey);
      this.caseKey = caseKey;
      this.text = draft?.text ?? emptyTeachingCase();
      this.findingsEdited = draft?.findingsEdited ?? false;
      this.keys = draft?.keyImages ?? [];
      this.storageKey = draft?.storageKey ?? null;
      this.notify();
    }
    if (firstStudy && this.storageKey === null) this.bindToStudy(firstStudy);
  }

  /** Binds the case to a study: what was saved for it comes back. */
  bindToStudy(studyInstanceUID: string): void {
    const key = `${STORAGE_PREFIX}${studyInstanceUID}`;
    if (this.storageKey === key) return;
    this.storageKey = key;
    const saved = this.read(key);
    if (saved && this.keys.length === 0 && !this.findingsEdited && this.text.title === '') {
      this.text = saved.text;
      this.findingsEdited = saved.findingsEdited;
      this.keys = saved.keyImages;
      this.notify();
    }
  }

  private read(key: string): SavedCase | null {
    try {
      const raw = localStorage.getItem(key);
      if (!raw) return null;
      const value = JSON.parse(raw) as Partial<SavedCase>;
      const text = validateTeachingCaseUpdate(value.text);
      if (!text.ok) return null;
      return {
        text: applyTeachingCaseUpdate(emptyTeachingCase(), text.value),
        findingsEdited: value.findingsEdited === true,
        keyImages: Array.isArray(value.keyImages) ? value.keyImages.filter(isKeyImage) : [],
      };
    } catch {
      return null; // a damaged draft is not worth a failure: the case starts empty
    }
  }

  private changed(): void {
    if (this.storageKey) {
      const saved: SavedCase = { text: this.text, findingsEdited: this.findingsEdited, keyImages: this.keys };
      try {
        localStorage.setItem(this.storageKey, JSON.stringify(saved));
      } catch {
        // Storage full or denied: the case stays in memory and is exported from there.
      }
    }
    this.notify();
  }
}
