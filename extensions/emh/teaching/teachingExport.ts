import type { HostServices } from '../../../src/extensions/hostServices';
import { readSourceBytes } from '../../../src/data/instanceStore';
import type { ImageInstance } from '../../../src/data/types';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import { buildTeachingZip, type TeachingKeyImageInput } from './rules/teachingZip';
import { inventoryContext } from '../inventory/inventoryContext';
import { captureKeyImages, type KeyImageRef } from './keyImageCapture';
import type { TeachingCaseStore } from './teachingCaseStore';
import type { IronInventory } from '../iron/rules/ironReport';
import { followUpView } from '../followUp/rules/followUpView';
import { teachingChart } from '../followUp/rules/changeChartSvg';
import { svgToPng } from '../followUp/ui/chartPng';

function instanceFor(services: HostServices, key: KeyImageRef): ImageInstance {
  const series = services.data.findSeries(key.seriesInstanceUID);
  const instance = series?.instances.find((i) => i.header.instanceNumber === key.instanceNumber);
  if (!series || !instance) throw new Error(`Key image ${key.instanceNumber} of series ${key.seriesInstanceUID} is not open`);
  return instance;
}

/**
 * The teaching file as one ZIP (docs/exports.md#teaching-zip-layout): the key images drawn as the
 * radiologist sees them, their DICOM files de-identified, the case text and the inventory without
 * patient data.
 */
export async function teachingZipBlob(
  services: HostServices,
  store: EmhInventoryStore,
  teaching: TeachingCaseStore,
  iron: { inventory(): IronInventory },
): Promise<Blob> {
  // The iron goes with the case: the findings and case.html name it, inventory.json and lesions.csv carry it.
  const inventory = { ...store.inventory(inventoryContext(services.data)), iron: iron.inventory() };
  const keys = teaching.keyImages();
  const instances = keys.map((key) => instanceFor(services, key));
  const [pngs, files] = await Promise.all([
    captureKeyImages(services, keys),
    Promise.all(instances.map((instance) => readSourceBytes(instance.source))),
  ]);
  const keyImages: TeachingKeyImageInput[] = instances.map((instance, i) => ({
    png: pngs[i],
    dicom: files[i],
    seriesDescription: instance.header.seriesDescription,
    instanceNumber: instance.header.instanceNumber,
  }));
  // The same de-identified drawing buildTeachingZip puts inline in case.html, as chart.png.
  const chart = teachingChart(followUpView(inventory));
  const chartPng = chart ? new Uint8Array(await (await svgToPng(chart.svg, chart.width, chart.height)).arrayBuffer()) : null;
  const zip = await buildTeachingZip({ text: teaching.caseText(inventory), inventory, keyImages, chartPng });
  return new Blob([zip as BlobPart], { type: 'application/zip' });
}
