/**
 * The lesions' volumes added to the inventory the lesion store built, as the iron is added
 * beside it: the segments live in their own store and the exports merge them here. Every lesion
 * gets both fields, null when it has no segment, so a reader of the JSON never has to tell
 * "absent" from "not measured".
 */
import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import type { LesionVolume } from './segmentStore';

export function withLesionVolumes(inventory: EmhInventory, volumes: ReadonlyMap<string, LesionVolume>): EmhInventory {
  return {
    ...inventory,
    lesions: inventory.lesions.map((lesion) => {
      const volume = volumes.get(lesion.id);
      return {
        ...lesion,
        volumeMl: volume?.volumeMl ?? null,
        volumeMeanHU: volume?.volumeMeanHU ?? null,
        ...(volume?.segmentNotLoaded ? { volumeSegmentNotLoaded: true as const } : {}),
      };
    }),
  };
}

/**
 * For the panel: only the lesions with a volume become new objects, so the rows of the others
 * keep their identity and are not drawn again (the table compares rows by identity).
 */
export function withMeasuredVolumes(inventory: EmhInventory, volumes: ReadonlyMap<string, LesionVolume>): EmhInventory {
  if (volumes.size === 0) return inventory;
  return {
    ...inventory,
    lesions: inventory.lesions.map((lesion) => {
      const volume = volumes.get(lesion.id);
      if (!volume) return lesion;
      const notLoaded = volume.segmentNotLoaded ? { volumeSegmentNotLoaded: true as const } : {};
      return { ...lesion, volumeMl: volume.volumeMl, volumeMeanHU: volume.volumeMeanHU, ...notLoaded };
    }),
  };
}
