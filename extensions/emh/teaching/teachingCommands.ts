import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import { inventoryContext } from '../inventory/inventoryContext';
import type { KeyImageRef } from './keyImageCapture';
import type { TeachingCaseStore } from './teachingCaseStore';
import type { IronInventory } from '../iron/rules/ironReport';

/** The image in the active viewport, as a key-image reference. */
export function currentImage(services: HostServices): KeyImageRef {
  const imageId = services.viewports.viewport()?.getCurrentImageId();
  const shown = imageId ? services.data.instanceForImageId(imageId) : undefined;
  const instanceNumber = shown?.instance.header.instanceNumber;
  if (!shown || instanceNumber === null || instanceNumber === undefined) throw new Error('No image on screen to mark');
  return { seriesInstanceUID: shown.instance.header.seriesInstanceUID, instanceNumber };
}

function keyImageArgs(args: CommandArgs, services: HostServices): KeyImageRef {
  if (args.seriesInstanceUID === undefined) return currentImage(services);
  if (typeof args.seriesInstanceUID !== 'string' || typeof args.instanceNumber !== 'number') {
    throw new Error('Give {seriesInstanceUID, instanceNumber}, or nothing for the image on screen');
  }
  if (!services.data.findSeries(args.seriesInstanceUID)?.instances.some((i) => i.header.instanceNumber === args.instanceNumber)) {
    throw new Error(`No image ${args.instanceNumber} in series ${args.seriesInstanceUID}`);
  }
  return { seriesInstanceUID: args.seriesInstanceUID, instanceNumber: args.instanceNumber };
}

/**
 * Key images and the case text (README.md#scripting-windowemh: emh.setKeyImage, emh.updateCase;
 * docs/exports.md#teaching-zip-layout).
 */
export function teachingCommands(
  services: HostServices,
  store: EmhInventoryStore,
  teaching: TeachingCaseStore,
  iron: { inventory(): IronInventory },
): CommandDefinition[] {
  return [
    {
      name: 'emh.setKeyImage',
      description: 'Mark or unmark a key image: {seriesInstanceUID, instanceNumber, on} (no UIDs: the image on screen)',
      run: (args) => teaching.setKeyImage(keyImageArgs(args, services), args.on !== false),
    },
    {
      name: 'emh.toggleKeyImage',
      description: 'Mark the image on screen as a key image, or unmark it (K)',
      run: () => {
        const ref = currentImage(services);
        const on = teaching.setKeyImage(ref, !teaching.isKeyImage(ref));
        services.notifications.show(
          'info',
          on ? `Key image: image ${ref.instanceNumber} marked` : `Image ${ref.instanceNumber} is no longer a key image`,
        );
        return on;
      },
    },
    {
      name: 'emh.updateCase',
      description: 'Write the teaching case: {title?, history?, findings?, diagnosis?, discussion?, differential?: string[]}',
      run: (args) => teaching.update(args),
    },
    {
      name: 'emh.case',
      description: 'The teaching case: its text (findings drafted from the inventory until edited) and key images',
      run: () => {
        const inventory = { ...store.inventory(inventoryContext(services.data)), iron: iron.inventory() };
        return { ...teaching.caseText(inventory), keyImages: teaching.keyImages() };
      },
    },
  ];
}
