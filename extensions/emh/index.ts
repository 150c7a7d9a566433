import { ToolGroupManager, addTool } from '@cornerstonejs/tools';
import type { Extension } from '../../src/extensions/types';
import type { HostServices } from '../../src/extensions/hostServices';
import { Started } from '../../src/extensions/started';
import { createInventoryStore } from './inventory/rules/inventoryStore';
import { PatientCases } from './cases/rules/patientCases';
import { InventoryAdapter } from './annotations/inventoryAdapter';
import { ViewportBanner } from './annotations/viewportBanner';
import { LabelPlacer } from './annotations/labelPlacer';
import { seriesInfoFromHeader } from './annotations/seriesFacts';
import { echoSeriesInfo } from './iron/echoSeries';
import { emhCommands } from './commands';
import { createEmhPanel } from './inventory/ui/EmhPanel';
import { inventoryContext } from './inventory/inventoryContext';
import { PANEL_CSS } from './inventory/ui/panelCss';
import { EMH_TOOLS } from './annotations/emhTools';
import { ReformatMarkers } from './annotations/reformatMarkers';
import { lesionAxesMapping } from './annotations/rules/mappings/lesionAxes';
import { lesionHuRoiMapping } from './annotations/rules/mappings/lesionHuRoi';
import { lesionSignalRoiMapping } from './annotations/rules/mappings/lesionSignalRoi';
import { liverRoiMapping } from './annotations/rules/mappings/liverRoi';
import { muscleRoiMapping } from './annotations/rules/mappings/muscleRoi';
import { spleenRoiMapping } from './annotations/rules/mappings/spleenRoi';
import type { ToolMapping } from './annotations/rules/mappings/toolMapping';
import { EmhPersistence, PERSIST_TOOLBAR } from './autosave/emhPersistence';
import { reportCommands } from './sr/reportCommands';
import { SavedReports } from './sr/savedReports';
import { PriorReports } from './sr/priorReports';
import { createTeachingPanel } from './teaching/ui/TeachingPanel';
import { teachingCommands } from './teaching/teachingCommands';
import { TeachingCaseStore } from './teaching/teachingCaseStore';
import { teachingZipBlob } from './teaching/teachingExport';
import { IronStore } from './iron/rules/ironStore';
import { ironCommands } from './iron/ironCommands';
import { R2starMapSwitch, r2starMapCommands } from './iron/r2starMapCommands';
import { ironCalibrationCommands } from './iron/ironCalibrationCommand';
import { IronDrawings } from './iron/ironDrawings';
import { SegmentStore } from './volumes/rules/segmentStore';
import { withLesionVolumes } from './volumes/rules/lesionVolumes';
import { segmentCommands } from './volumes/segmentCommands';
import { SegImports } from './volumes/segImport';
import { segImportCommands } from './volumes/segImportCommands';
import { EmhIronRoiTool, IRON_ROI_TOOL } from './iron/ironRoiTool';
import { SegmentTools } from './volumes/segmentTools';
import { segmentToolCommands } from './volumes/segmentToolCommands';
import { SEGMENT_POINTER_TOOLS, SEGMENT_TOOL_NAMES, type SegmentToolMode } from './volumes/segmentPointerTools';
import { SEGMENT_TOOLBAR_HINTS, SegmentsShown } from './volumes/ui/segmentToolbar';

/** A key that gives the left button to a tool. */
function toolCommand(mapping: ToolMapping): { command: string; args: { tool: string } } {
  return { command: 'emh.tool', args: { tool: mapping.command } };
}

/** A button that gives the left button to a tool, lit while that tool has it. */
function toolButton(mapping: ToolMapping): { command: string; args: { tool: string }; activeWhen: string } {
  return { ...toolCommand(mapping), activeWhen: `tool:${mapping.toolName}` };
}

/**
 * The EMH extension: lesion measurement, MR signal tagging against muscle, liver HU ROIs and
 * the lesion inventory, registered through the same API as any extension.
 */
export function createEmhExtension(): Extension {
  // One case per patient; `store` is always the active patient's (see cases/).
  const cases = new PatientCases(() => createInventoryStore());
  const store = cases.store;
  const teaching = new TeachingCaseStore();
  const r2starMapSwitch = new R2starMapSwitch();
  // Made in preRegistration; the commands and panels ask for them after (an error before).
  const started = new Started<{
    adapter: InventoryAdapter;
    banner: ViewportBanner;
    labels: LabelPlacer;
    markers: ReformatMarkers;
    persistence: EmhPersistence;
    reports: SavedReports;
    stopCases: () => void;
    stopPriors: () => void;
    iron: IronStore;
    ironDrawings: IronDrawings;
    segments: SegmentStore;
    segmentTools: SegmentTools;
    stopSegmentTools: () => void;
    segImports: SegImports;
    stopSegImports: () => void;
  }>('emh');
  const segmentsShown = new SegmentsShown();

  return {
    id: 'emh',
    preRegistration: (services: HostServices) => {
      const group = ToolGroupManager.getToolGroup(services.viewports.toolGroupId);
      for (const Tool of [...EMH_TOOLS, EmhIronRoiTool, ...SEGMENT_POINTER_TOOLS]) {
        addTool(Tool);
        group?.addTool(Tool.toolName);
        // Passive: existing annotations can be selected and moved whatever tool is active.
        group?.setToolPassive(Tool.toolName);
      }
      // Lesion axes and the ROIs measure in a plane: they are drawn in the reformat views too.
      for (const Tool of EMH_TOOLS) services.viewports.addReformatTool(Tool.toolName);
      const style = document.createElement('style');
      style.textContent = PANEL_CSS;
      document.head.append(style);
      const adapter = new InventoryAdapter(services, store);
      adapter.start();
      const banner = new ViewportBanner(services, adapter);
      banner.start();
      const labels = new LabelPlacer(services.geometry);
      labels.start();
      const markers = new ReformatMarkers(store);
      markers.start();
      // The teaching draft is the active patient's, bound to their first study (kept in this browser).
      const followTeaching = (): void => {
        const key = services.data.activePatientKey();
        if (key) teaching.showCase(key, services.data.activeStudies()[0]?.studyInstanceUID);
      };
      const stopCases = cases.start(services.data, () => {
        // Nothing chosen on one patient may act on another's: selections end with the switch.
        adapter.escape();
        adapter.selectLesion(null);
        adapter.closeSitePicker();
        adapter.reconcile();
        followTeaching();
      });
      // Iron ROIs (T2*) of each patient, kept apart from the lesions.
      const iron = new IronStore(() => services.data.activePatientKey());
      // Lesion segments (volumes) of each patient, kept apart from the lesions as the iron is.
      const segments = new SegmentStore(() => services.data.activePatientKey());
      // After the adapter, so a restore reaches the images.
      const persistence = new EmhPersistence(services, adapter, cases, iron, segments);
      // SEG files opened like any other, and the SR's volume groups, back onto the lesions.
      const segImports = new SegImports(services, store, segments);
      const stopSegImports = segImports.watch();
      const reports = new SavedReports(services, adapter, iron, { segments, segImports });
      // A follow-up opened from the PACS brings the patient's earlier reports in as its history.
      const stopPriors = new PriorReports(services, adapter).start();
      services.data.subscribe(followTeaching);
      const ironDrawings = new IronDrawings(services, iron);
      ironDrawings.start();
      // The segmentation tools and the segments drawn on the stacks.
      const segmentTools = new SegmentTools(services, adapter, segments);
      const stopSegmentTools = segmentTools.start();
      segmentsShown.follow(segmentTools);
      started.set({
        adapter,
        banner,
        labels,
        markers,
        persistence,
        reports,
        stopCases,
        stopPriors,
        iron,
        ironDrawings,
        segments,
        segmentTools,
        stopSegmentTools,
        segImports,
        stopSegImports,
      });
    },
    getCommandsModule: (services) => {
      const { adapter, persistence, reports, iron, ironDrawings, segments, segImports } = started.get();
      return [
        ...emhCommands(
          services,
          adapter,
          () => iron.inventory(),
          () => teachingZipBlob(services, store, teaching, iron),
          iron,
          segments,
          segImports,
        ),
        ...segmentCommands(services, store, segments),
        ...segmentToolCommands(started.get().segmentTools),
        ...segImportCommands(services, segImports, segments),
        ...teachingCommands(services, store, teaching, iron),
        ...persistence.commands(),
        ...reportCommands(services, reports),
        ...ironCommands(services, ironDrawings),
        ...r2starMapCommands(services, r2starMapSwitch),
        ...ironCalibrationCommands(services, iron),
      ];
    },
    // Toolbar entries are data, one a line, alike in shape on purpose (as in the host's).
    getToolbarModule: () => [
      {
        id: 'emh-lesion',
        label: 'Lesion',
        tooltip: 'Measure a lesion: long × short axis (L)',
        group: 'emh',
        ...toolButton(lesionAxesMapping),
      },
      {
        id: 'emh-muscle',
        label: 'Muscle ref',
        tooltip: 'Skeletal-muscle reference ROI on MR (M)',
        group: 'emh',
        ...toolButton(muscleRoiMapping),
      },
      {
        id: 'emh-signal',
        label: 'Lesion MR',
        tooltip: 'Lesion signal ROI on MR, against muscle (T)',
        group: 'emh',
        ...toolButton(lesionSignalRoiMapping),
      },
      { id: 'emh-liver', label: 'Liver HU', tooltip: 'Liver HU ROI on CT (H)', group: 'emh', ...toolButton(liverRoiMapping) },
      { id: 'emh-spleen', label: 'Spleen HU', tooltip: 'Spleen HU ROI on CT', group: 'emh', ...toolButton(spleenRoiMapping) },
      { id: 'emh-lesion-hu', label: 'Lesion HU', tooltip: 'Lesion HU ROI on CT', group: 'emh', ...toolButton(lesionHuRoiMapping) },
      {
        id: 'emh-iron',
        label: 'Iron ROI',
        tooltip: 'Iron ROI on a T2* echo: R2* over every echo at its position, liver LIC, heart T2*',
        group: 'emh',
        command: 'viewport.tool',
        args: { tool: IRON_ROI_TOOL },
        activeWhen: `tool:${IRON_ROI_TOOL}`,
      },
      {
        id: 'emh-key-image',
        label: 'Key image',
        tooltip: 'Mark the image on screen as a teaching key image, or unmark it (K)',
        group: 'emh-case',
        command: 'emh.toggleKeyImage',
      },
      {
        id: 'emh-r2star-map',
        label: 'R2* map',
        tooltip: 'R2* map of the T2* slice on screen, in colour (press again to hide)',
        group: 'emh-iron',
        command: 'emh.r2starMap',
        pressedWhen: r2starMapSwitch,
      },
      ...(['grow', 'region', 'brush', 'erase'] as const).map((mode: SegmentToolMode) => ({
        id: `emh-segment-${mode}`,
        label: SEGMENT_TOOLBAR_HINTS[mode].label,
        tooltip: SEGMENT_TOOLBAR_HINTS[mode].tooltip,
        group: 'emh-volume',
        command: 'emh.segmentTool',
        args: { mode },
        activeWhen: `tool:${SEGMENT_TOOL_NAMES[mode]}`,
      })),
      {
        id: 'emh-segments-shown',
        label: 'Segments',
        tooltip: 'Show the lesion segments on the images, or hide them',
        group: 'emh-volume',
        command: 'emh.segmentDisplay',
        pressedWhen: segmentsShown,
      },
      ...PERSIST_TOOLBAR,
    ],
    getHotkeysModule: () => [
      { keys: 'l', description: 'Lesion measurement tool', ...toolCommand(lesionAxesMapping) },
      { keys: 'm', description: 'Muscle reference ROI tool (MR)', ...toolCommand(muscleRoiMapping) },
      { keys: 't', description: 'Lesion signal ROI tool (MR)', ...toolCommand(lesionSignalRoiMapping) },
      { keys: 'h', description: 'Liver HU ROI tool (CT)', ...toolCommand(liverRoiMapping) },
      { keys: 'k', description: 'Key image on / off (teaching file)', command: 'emh.toggleKeyImage' },
      { keys: 'Ctrl+z', description: 'Undo', command: 'emh.undo' },
      { keys: 'Ctrl+Shift+z', description: 'Redo', command: 'emh.redo' },
      { keys: 'Delete', description: 'Delete the selected annotation', command: 'emh.deleteSelected' },
      {
        keys: 'Escape',
        description: 'Clear the selection; stop "Measure L1 here"; discard an ROI not yet given a lesion',
        command: 'emh.escape',
      },
    ],
    getHelpModule: () => ({
      mouse: [
        {
          input: 'Left drag (EMH tool)',
          description: 'Measure: a new drawing is a new lesion. To add to a lesion, press "Measure L1 here" on its row first (one drawing)',
        },
        { input: 'Click a lesion row', description: 'Select it; the images stay. Double-click or Show: see its image' },
        { input: 'Delete on a row', description: 'Asks before deleting the lesion' },
      ],
      notes: [
        'Lesion ids are never reused: after an undo or a delete the next lesion gets a new number (L1, L3), so an id in a report always means one lesion.',
      ],
    }),
    getPanelModule: () => {
      const { adapter, reports, iron, ironDrawings, segments, segmentTools } = started.get();
      return [
        { id: 'emh-inventory', label: 'Lesions', component: createEmhPanel(adapter, reports, iron, ironDrawings, segments, segmentTools) },
        { id: 'emh-teaching', label: 'Teaching case', component: createTeachingPanel(adapter, teaching, iron) },
      ];
    },
    getSeriesInfoModule: () => (series) => {
      const header = series.instances[0]?.header;
      if (!header) return {};
      const automatic = seriesInfoFromHeader(header);
      const patientKey = cases.patientOfStudy(series.studyInstanceUID);
      const owner = patientKey ? cases.find(patientKey)?.store : undefined;
      const overrides = (owner ?? store).state().seriesOverrides[series.seriesInstanceUID];
      return {
        weighting: header.modality === 'MR' ? (overrides?.weighting ?? automatic.weighting) : null,
        contrast: header.modality === 'CT' ? (overrides?.contrast ?? automatic.contrast) : null,
        // A T2* series: its label, echo times and positions (nothing for other series).
        ...echoSeriesInfo(series),
      };
    },
    getScriptingModule: (services) => ({
      // Built as the emh.inventory command builds it (synchronous here, as scripts expect).
      inventory: () => ({
        ...withLesionVolumes(store.inventory(inventoryContext(services.data)), started.get().segments.volumes()),
        iron: started.get().iron.inventory(),
      }),
      // emh.export('sr', {timepoint: 'T1'}): the options object's fields go with the format.
      export: (format: unknown, options?: unknown) =>
        services.commands.run('emh.export', { ...(typeof options === 'object' && options !== null ? options : {}), format }),
      storeSR: () => services.commands.run('emh.storeSR'),
    }),
    onModeExit: () => {
      const parts = started.ifStarted();
      if (!parts) return;
      parts.stopCases();
      parts.stopPriors();
      parts.stopSegImports();
      parts.persistence.stop();
      parts.ironDrawings.stop();
      parts.stopSegmentTools();
      parts.banner.stop();
      parts.labels.stop();
      parts.markers.stop();
      parts.adapter.stop();
    },
  };
}
