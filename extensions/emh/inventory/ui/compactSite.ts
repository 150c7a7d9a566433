import type { EmhSite, Laterality } from '../../lesions/rules/sites';
import type { LesionExport } from '../rules/inventoryTypes';

/**
 * A lesion's site in the few characters a one-line row has, as a reader abbreviates it in a
 * worklist ("Paraspinal th., R"); the row's title and the lesion's card give it in full.
 */
const SHORT_SITES: Readonly<Record<EmhSite, string>> = {
  'paraspinal-thoracic': 'Paraspinal th.',
  'paraspinal-lumbar': 'Paraspinal lumb.',
  presacral: 'Presacral',
  paracostal: 'Paracostal',
  liver: 'Liver',
  spleen: 'Spleen',
  'lymph-node': 'Node',
  mediastinum: 'Mediastinum',
  retroperitoneum: 'Retroperit.',
  other: 'Other',
};

const SHORT_SIDES: Readonly<Record<Laterality, string>> = { right: 'R', left: 'L', bilateral: 'bilat.' };

/** The side apart from the site, so a long site can end in an ellipsis and the side still shows. */
export function compactSite(lesion: Pick<LesionExport, 'site' | 'laterality' | 'siteText'>): { site: string; side: string | null } {
  const side = lesion.laterality === null ? null : SHORT_SIDES[lesion.laterality];
  if (lesion.site === null) return { site: 'Site not set', side };
  const site = lesion.site === 'other' && lesion.siteText?.trim() ? lesion.siteText.trim() : SHORT_SITES[lesion.site];
  return { site, side };
}
