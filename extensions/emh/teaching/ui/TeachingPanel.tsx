import { useState } from 'react';
import type { HostServices } from '../../../../src/extensions/hostServices';
import { useStore } from '../../../../src/app/useStore';
import type { InventoryAdapter } from '../../annotations/inventoryAdapter';
import { PARASPINAL_DIFFERENTIAL } from '../rules/teachingCase';
import { downloadBlob } from '../../export/exportActions';
import { inventoryContext } from '../../inventory/inventoryContext';
import { TeachingCaseForm } from './TeachingCaseForm';
import { currentImage } from '../teachingCommands';
import type { TeachingCaseStore } from '../teachingCaseStore';
import type { IronStore } from '../../iron/rules/ironStore';
import { errorMessage } from '../../../../src/util/errorMessage';

/** The teaching-case tab: the form, fed from the teaching store and the inventory. */
export function createTeachingPanel(adapter: InventoryAdapter, teaching: TeachingCaseStore, iron: IronStore) {
  return function TeachingPanel({ services }: { services: HostServices }) {
    useStore(teaching);
    useStore(adapter);
    // The findings draft names the iron too, so it follows the iron ROIs.
    useStore(iron);
    useStore(services.viewports, () => services.viewports.snapshot());
    const [exporting, setExporting] = useState(false);
    const inventory = { ...adapter.store.inventory(inventoryContext(services.data)), iron: iron.inventory() };
    const text = teaching.caseText(inventory);
    let current: boolean | null = null;
    try {
      current = teaching.isKeyImage(currentImage(services));
    } catch {
      current = null; // no image on screen
    }
    const keyImages = teaching.keyImages().map((k) => ({
      key: `${k.seriesInstanceUID}|${k.instanceNumber}`,
      label: `${services.data.findSeries(k.seriesInstanceUID)?.description ?? 'series not open'}, image ${k.instanceNumber}`,
    }));
    const fail = (error: unknown): void => {
      services.notifications.show('error', errorMessage(error));
    };
    const run = (name: string, args: Record<string, unknown> = {}): void => {
      services.commands.run(name, args).catch(fail);
    };
    const exportZip = (): void => {
      setExporting(true);
      services.commands
        .run('emh.export', { format: 'teaching' })
        .then((blob) => downloadBlob(blob as Blob, 'emh-teaching-case.zip'), fail)
        .finally(() => setExporting(false));
    };
    return (
      <TeachingCaseForm
        text={text}
        findingsDrafted={!teaching.findingsAreEdited()}
        differentialOptions={PARASPINAL_DIFFERENTIAL}
        keyImages={keyImages}
        currentIsKey={current}
        exporting={exporting}
        onUpdate={(update) => run('emh.updateCase', update)}
        onRedraftFindings={() => teaching.redraftFindings()}
        onToggleCurrent={() => run('emh.toggleKeyImage')}
        onRemoveKey={(key) => {
          const [seriesInstanceUID, instanceNumber] = key.split('|');
          run('emh.setKeyImage', { seriesInstanceUID, instanceNumber: Number(instanceNumber), on: false });
        }}
        onExport={exportZip}
      />
    );
  };
}
