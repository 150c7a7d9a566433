/**
 * Where an EMH focus lies, coded for the SR (finding site 363698007 with its modifiers).
 * Codes are SNOMED CT (scheme "SCT") as listed in docs/lesions.md#sites-and-their-codes.
 */

export interface CodedConcept {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

export const EMH_SITES = [
  'paraspinal-thoracic',
  'paraspinal-lumbar',
  'presacral',
  'paracostal',
  'liver',
  'spleen',
  'lymph-node',
  'mediastinum',
  'retroperitoneum',
  'other',
] as const;

export type EmhSite = (typeof EMH_SITES)[number];

export const LATERALITIES = ['right', 'left', 'bilateral'] as const;

export type Laterality = (typeof LATERALITIES)[number];

export interface SiteDefinition {
  readonly key: EmhSite;
  /** As a radiologist would write it in a report table. */
  readonly label: string;
  /** Null only for `other`, whose meaning is the user's free text. */
  readonly code: CodedConcept | null;
  /** A topographical modifier that is part of the site itself (presacral = anterior to sacrum). */
  readonly modifier: CodedConcept | null;
  /**
   * Whether a laterality makes sense. Unpaired midline organs and compartments do not take
   * one; everything that can sit either side of the midline does.
   */
  readonly takesLaterality: boolean;
}

const sct = (value: string, meaning: string): CodedConcept => ({ value, scheme: 'SCT', meaning });

/** Concept name of the laterality modifier in the SR. */
export const LATERALITY_CONCEPT: CodedConcept = sct('272741003', 'Laterality');

export const LATERALITY_CODES: Readonly<Record<Laterality, CodedConcept>> = {
  right: sct('24028007', 'Right'),
  left: sct('7771000', 'Left'),
  bilateral: sct('51440002', 'Bilateral'),
};

export const LATERALITY_LABELS: Readonly<Record<Laterality, string>> = {
  right: 'Right',
  left: 'Left',
  bilateral: 'Bilateral',
};

const ANTERIOR = sct('255549009', 'Anterior');

export const SITE_DEFINITIONS: Readonly<Record<EmhSite, SiteDefinition>> = {
  'paraspinal-thoracic': {
    key: 'paraspinal-thoracic',
    label: 'Paraspinal, thoracic',
    code: sct('122495006', 'Thoracic spine'),
    modifier: null,
    takesLaterality: true,
  },
  'paraspinal-lumbar': {
    key: 'paraspinal-lumbar',
    label: 'Paraspinal, lumbar',
    code: sct('122496007', 'Lumbar spine'),
    modifier: null,
    takesLaterality: true,
  },
  presacral: {
    key: 'presacral',
    label: 'Presacral',
    code: sct('54735007', 'Sacrum'),
    modifier: ANTERIOR,
    takesLaterality: false,
  },
  paracostal: {
    key: 'paracostal',
    label: 'Paracostal / rib',
    code: sct('113197003', 'Rib'),
    modifier: null,
    takesLaterality: true,
  },
  liver: { key: 'liver', label: 'Liver', code: sct('10200004', 'Liver'), modifier: null, takesLaterality: false },
  spleen: { key: 'spleen', label: 'Spleen', code: sct('78961009', 'Spleen'), modifier: null, takesLaterality: false },
  // docs/lesions.md#sites-and-their-codes names lymph node without a code; 59441001 is SNOMED CT
  // "Lymph node structure".
  'lymph-node': {
    key: 'lymph-node',
    label: 'Lymph node',
    code: sct('59441001', 'Lymph node'),
    modifier: null,
    takesLaterality: true,
  },
  mediastinum: {
    key: 'mediastinum',
    label: 'Mediastinum',
    code: sct('72410000', 'Mediastinum'),
    modifier: null,
    takesLaterality: false,
  },
  retroperitoneum: {
    key: 'retroperitoneum',
    label: 'Retroperitoneum',
    code: sct('82849001', 'Retroperitoneum'),
    modifier: null,
    takesLaterality: true,
  },
  other: { key: 'other', label: 'Other', code: null, modifier: null, takesLaterality: true },
};

export function isEmhSite(value: unknown): value is EmhSite {
  return typeof value === 'string' && (EMH_SITES as readonly string[]).includes(value);
}

export function isLaterality(value: unknown): value is Laterality {
  return typeof value === 'string' && (LATERALITIES as readonly string[]).includes(value);
}

export function siteTakesLaterality(site: EmhSite): boolean {
  return SITE_DEFINITIONS[site].takesLaterality;
}

/**
 * The site as shown in a table row: "Paraspinal, thoracic, right"; `other` shows the
 * user's text so the row never reads just "Other".
 */
export function describeSite(site: EmhSite | null, laterality: Laterality | null = null, otherText: string | null = null): string {
  if (site === null) return 'Site not set';
  const base = site === 'other' && otherText?.trim() ? otherText.trim() : SITE_DEFINITIONS[site].label;
  return laterality ? `${base}, ${laterality}` : base;
}
