import { useCallback, useMemo, useRef, type DragEvent } from 'react';
import type { HostServices } from '../../../../src/extensions/hostServices';
import { useStore } from '../../../../src/app/useStore';
import type { InventoryAdapter } from '../../annotations/inventoryAdapter';
import { inventoryContext } from '../inventoryContext';
import { copyLesionTable, downloadBlob, downloadExport } from '../../export/exportActions';
import { exportFileName } from '../../export/rules/exportFileName';
import { LesionChooser } from '../../lesions/ui/LesionChooser';
import { SitePicker } from '../../lesions/ui/SitePicker';
import { LesionInventoryPanel } from './LesionInventoryPanel';
import type { InventoryPanelActions } from './panelTypes';
import { SavedReportsSection } from '../../sr/ui/SavedReportsSection';
import type { SavedReports } from '../../sr/savedReports';
import { patientLabel } from '../../../../src/data/patientIdentity';
import { errorMessage } from '../../../../src/util/errorMessage';
import { followUpView } from '../../followUp/rules/followUpView';
import { goToMatchingImage } from '../../followUp/goToMatchingImage';
import { svgToPng } from '../../followUp/ui/chartPng';
import type { ChangeViewActions } from '../../followUp/ui/ChangeView';
import type { IronStore } from '../../iron/rules/ironStore';
import type { IronDrawings } from '../../iron/ironDrawings';
import { IronPanelPart } from '../../iron/ui/IronPanelPart';
import type { SegmentStore } from '../../volumes/rules/segmentStore';
import { withLesionVolumes, withMeasuredVolumes } from '../../volumes/rules/lesionVolumes';
import type { SegmentTools } from '../../volumes/segmentTools';
import { SegmentToolsContext, type SegmentCardContext } from '../../volumes/ui/SegmentCard';
import { fileNameSafe, localIsoDay } from '../../export/rules/exportFileName';

/**
 * Connects the inventory panel to the adapter: the panel gets plain data and callbacks, and
 * every action goes through the command registry like a toolbar button would.
 */
export function createEmhPanel(
  adapter: InventoryAdapter,
  reports: SavedReports,
  iron: IronStore,
  ironDrawings: IronDrawings,
  segments: SegmentStore,
  segmentTools: SegmentTools,
) {
  return function EmhPanel({ services }: { services: HostServices }) {
    useStore(adapter);
    // Reports arrive with a study's files; the save state changes while storing.
    useStore(services.data);
    const saveState = useStore(reports, () => reports.pacsSave());
    useStore(iron);
    useStore(segments);
    const run = useCallback(
      (name: string, args: Record<string, unknown> = {}): void => {
        services.commands.run(name, args).catch((error: unknown) => {
          services.notifications.show('error', errorMessage(error));
        });
      },
      [services],
    );
    // Stable across renders, so unchanged rows of a long table are not drawn again.
    const actions: InventoryPanelActions = useMemo(
      () => ({
        select: (lesionId) => run('emh.selectLesion', { lesionId }),
        show: (lesionId) => run('emh.showLesion', { lesionId }),
        arm: (lesionId) => run('emh.armLesion', { lesionId }),
        updateLesion: (lesionId, edit) => run('emh.updateLesion', { lesionId, ...edit }),
        removeLesion: (lesionId) => run('emh.removeLesion', { lesionId }),
        setSeriesWeighting: (seriesInstanceUID, weighting) => run('emh.setSeriesWeighting', { seriesInstanceUID, weighting }),
        setSeriesContrast: (seriesInstanceUID, contrast) => run('emh.setSeriesContrast', { seriesInstanceUID, contrast }),
        setLiverCallOverride: (call) => run('emh.setLiverCall', { call }),
        undo: () => run('emh.undo'),
        redo: () => run('emh.redo'),
      }),
      [run],
    );
    const segmentCard: SegmentCardContext = useMemo(
      () => ({
        tools: segmentTools,
        run,
        downloadSeg: (seriesInstanceUID) => {
          services.commands.run('emh.export', { format: 'seg', seriesInstanceUID }).then(
            (blob) => {
              const id = fileNameSafe(
                services.data.activePatientKey() === null
                  ? ''
                  : (adapter.store.inventory(inventoryContext(services.data)).patient?.id ?? ''),
              );
              downloadBlob(blob as Blob, `emh-seg${id ? `-${id}` : ''}-${localIsoDay(new Date())}.dcm`);
            },
            (error: unknown) => services.notifications.show('error', errorMessage(error)),
          );
        },
      }),
      [run, services],
    );
    // The segments' volumes live in their own store; the card shows them, the files carry them.
    const inventory = withMeasuredVolumes(adapter.store.inventory(inventoryContext(services.data)), segments.volumes());
    // Null with one time point: the panel then is exactly what it was before follow-up.
    const view = useMemo(() => followUpView(inventory), [inventory]);
    const changeActions: ChangeViewActions | null = useMemo(() => {
      if (view === null) return null;
      return {
        select: (lesionId) => run('emh.selectLesion', { lesionId }),
        goTo: (lesionId) => {
          goToMatchingImage(services, view, lesionId).then(
            (where) => services.notifications.show('info', `${where}: measure it here`),
            (error: unknown) => services.notifications.show('error', `Go to ${lesionId}: ${errorMessage(error)}`),
          );
        },
        downloadPng: (svg, width, height) => {
          svgToPng(svg, width, height).then(
            (blob) => downloadBlob(blob, exportFileName('chart', inventory, new Date())),
            (error: unknown) => services.notifications.show('error', `Could not write the chart: ${errorMessage(error)}`),
          );
        },
      };
    }, [view, run, services, inventory]);
    const activePatient = services.data.activePatient();
    const pickerId = adapter.sitePickerLesionId;
    const srInput = useRef<HTMLInputElement>(null);
    const downloadSr = (): void => {
      services.commands.run('emh.export', { format: 'sr' }).then(
        (blob) => downloadBlob(blob as Blob, exportFileName('sr', inventory, new Date())),
        (error: unknown) => services.notifications.show('error', `Could not write the SR: ${errorMessage(error)}`),
      );
    };
    const importSr = async (files: FileList | null): Promise<void> => {
      const file = files?.[0];
      if (!file) return;
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const report = (await services.commands.run('emh.importSR', { bytes })) as { restored: number; ironRois: string[] };
        const ironCount = report.ironRois.length;
        const iron = ironCount > 0 ? ` and ${ironCount} iron ${ironCount === 1 ? 'ROI' : 'ROIs'}` : '';
        services.notifications.show('info', `Imported ${report.restored} measurements${iron} from ${file.name}`);
      } catch (error) {
        services.notifications.show('error', `${file.name}: ${errorMessage(error)}`);
      }
    };
    const copy = (): void => {
      copyLesionTable(inventory).then(
        () => services.notifications.show('info', 'Lesion table copied: paste it into the report'),
        (error: unknown) => services.notifications.show('error', `Could not copy: ${errorMessage(error)}`),
      );
    };
    // A report dropped on the panel is imported at once; dropped anywhere else it joins its
    // study's documents and waits under "Saved reports".
    const dropReport = (event: DragEvent): void => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      event.stopPropagation();
      void importSr(event.dataTransfer.files);
    };
    return (
      <div
        className="emh-panel-drop"
        data-testid="emh-panel-drop"
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes('Files')) {
            event.preventDefault();
            event.stopPropagation();
          }
        }}
        onDrop={dropReport}
      >
        {activePatient && (
          <div className="emh-case-of" data-testid="emh-case-of" title="Every measurement, export and report here is this patient's only">
            Case of <strong>{patientLabel(activePatient.identity)}</strong>
          </div>
        )}
        <div className="emh-export-bar" role="group" aria-label="Export">
          <button
            data-testid="export-json"
            title="Download the inventory as JSON"
            onClick={() => downloadExport('json', { ...withLesionVolumes(inventory, segments.volumes()), iron: iron.inventory() })}
          >
            JSON
          </button>
          <button
            data-testid="export-csv"
            title="Download the lesion table as CSV"
            onClick={() => downloadExport('csv', { ...withLesionVolumes(inventory, segments.volumes()), iron: iron.inventory() })}
          >
            CSV
          </button>
          <button data-testid="export-sr" title="Download a DICOM SR (TID 1500) of every measurement" onClick={downloadSr}>
            DICOM SR
          </button>
          <button
            data-testid="import-sr"
            title="Read measurements back from a DICOM SR (or drop the SR file on this panel)"
            onClick={() => srInput.current?.click()}
          >
            Import SR
          </button>
          <button data-testid="copy-table" title="Copy the lesion table (tab-separated) for a report" onClick={copy}>
            Copy table
          </button>
          <input
            ref={srInput}
            data-testid="import-sr-input"
            type="file"
            accept=".dcm,application/dicom"
            hidden
            onChange={(e) => void importSr(e.target.files)}
          />
        </div>
        {pickerId && (
          <SitePicker
            lesionId={pickerId}
            onChoose={(edit) => {
              actions.updateLesion(pickerId, edit);
              adapter.closeSitePicker();
            }}
            onDismiss={() => adapter.closeSitePicker()}
          />
        )}
        {adapter.pendingRoi && (
          <LesionChooser
            key={adapter.pendingRoi.annotationUID}
            candidates={adapter.pendingRoi.candidates}
            lesions={inventory.lesions}
            onChoose={(lesionId) => run('emh.chooseLesion', { lesionId })}
            onDiscard={() => run('emh.escape')}
          />
        )}
        <SavedReportsSection
          reports={reports.reports()}
          pacs={reports.pacsTarget()?.server ?? null}
          status={saveState}
          onSave={() => run('emh.storeSR')}
          onLoad={(key) => {
            const report = reports.reports().find((r) => r.key === key);
            if (report) run('emh.loadReport', { sopInstanceUID: report.sopInstanceUID });
          }}
        />
        <SegmentToolsContext.Provider value={segmentCard}>
          <LesionInventoryPanel
            inventory={inventory}
            selectedLesionId={adapter.selectedLesionId}
            armedLesionId={adapter.armedLesionId}
            canUndo={adapter.store.canUndo()}
            canRedo={adapter.store.canRedo()}
            actions={actions}
            followUp={view && changeActions ? { view, actions: changeActions } : null}
          />
        </SegmentToolsContext.Provider>
        <IronPanelPart services={services} iron={iron} drawings={ironDrawings} />
      </div>
    );
  };
}
