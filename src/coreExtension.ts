import type { UiState } from './app/uiState';
import type { Layout } from './cornerstone/viewportService';
import { CT_PRESETS } from './cornerstone/windowPresets';
import { manifestSources, urlSources } from './data/sources';
import type { InstanceSource, LoadReport } from './data/types';
import type { CommandArgs, Extension } from './extensions/types';
import type { ViewerServices } from './extensions/hostServices';
import type { StudySearch } from './data/dicomweb/dicomJson';
import type { DicomwebCredentials } from './data/dicomweb/dicomwebServer';
import { followUpCommands } from './followUpCommands';
import { mprCommands } from './mprCommands';

function stringArg(args: CommandArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

/** A list of [x, y] pairs of finite numbers; `axes` names the pair in the error ("column, row"). */
function pointsArg(args: CommandArgs, axes: string): [number, number][] {
  const points = args.points;
  if (!Array.isArray(points) || !points.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite))) {
    throw new Error(`"points" must be a list of [${axes}]`);
  }
  return points as [number, number][];
}

function optionalNumber(args: CommandArgs, name: string): number | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`"${name}" must be a number`);
  return value;
}

async function sourcesFrom(args: CommandArgs): Promise<InstanceSource[]> {
  const sources: InstanceSource[] = [];
  if (args.urls !== undefined) {
    if (!Array.isArray(args.urls) || !args.urls.every((u) => typeof u === 'string')) {
      throw new Error('"urls" must be a list of URLs');
    }
    sources.push(...urlSources(args.urls as string[]));
  }
  if (typeof args.manifest === 'string') sources.push(...(await manifestSources(args.manifest)));
  return sources;
}

function credentialsFrom(args: CommandArgs): DicomwebCredentials | null {
  const auth = args.auth;
  if (auth === undefined) return null;
  const value = auth as Record<string, unknown> | null;
  if (typeof value?.token === 'string') return { kind: 'bearer', token: value.token };
  if (typeof value?.username === 'string' && typeof value.password === 'string') {
    return { kind: 'basic', username: value.username, password: value.password };
  }
  throw new Error('"auth" must be {username, password} or {token}');
}

/** `{dicomweb, studyInstanceUID?, auth?}`: opens the study, or without one, the study list. */
async function loadFromPacs(args: CommandArgs, services: ViewerServices): Promise<LoadReport> {
  const { dicomweb } = services;
  dicomweb.connect(stringArg(args, 'dicomweb'), credentialsFrom(args));
  if (typeof args.studyInstanceUID === 'string' && args.studyInstanceUID !== '') return dicomweb.openStudy(args.studyInstanceUID);
  dicomweb.setListOpen(true);
  await dicomweb.search({});
  return { loaded: 0, refused: [], documents: 0 };
}

function searchArgs(args: CommandArgs): StudySearch {
  const text = (name: string): string | undefined => (typeof args[name] === 'string' ? (args[name] as string) : undefined);
  return {
    patientName: text('patientName'),
    patientID: text('patientID'),
    dateFrom: text('dateFrom'),
    dateTo: text('dateTo'),
    modality: text('modality'),
  };
}

/**
 * The host's own toolbar, keys and commands, declared through the same extension API as any
 * other extension, so there is one mechanism for buttons and actions.
 */
export function createCoreExtension(ui: UiState): Extension<ViewerServices> {
  return {
    id: 'core',
    getCommandsModule: (services: ViewerServices) => {
      const { data, viewports, dicomweb } = services;
      return [
        {
          name: 'viewer.load',
          description: 'Open DICOM files by URL: {urls: string[]} or {manifest: url}; a PACS study: {dicomweb, studyInstanceUID?, auth?}',
          run: async (args): Promise<LoadReport> =>
            args.dicomweb !== undefined ? loadFromPacs(args, services) : data.load(await sourcesFrom(args)),
        },
        {
          name: 'viewer.studyList',
          description: 'Show or hide the PACS study list: {open?: boolean}',
          run: () => dicomweb.setListOpen(!dicomweb.state().open),
        },
        {
          name: 'viewer.searchStudies',
          description: 'Search the PACS: {patientName?, patientID?, dateFrom?, dateTo?, modality?}; resolves with the studies',
          run: (args) => dicomweb.search(searchArgs(args)),
        },
        {
          name: 'viewer.openStudy',
          description: 'Open a study of the connected PACS: {studyInstanceUID}',
          run: (args) => dicomweb.openStudy(stringArg(args, 'studyInstanceUID')),
        },
        {
          name: 'viewer.retryLoad',
          description: 'Ask again for every image that failed to arrive',
          run: () => data.retryUnread(),
        },
        {
          name: 'viewer.show',
          description:
            "Show a series: {seriesInstanceUID, instanceNumber?, viewport? (0-based)}; another patient's series switches to that patient first",
          run: async (args) => {
            const seriesInstanceUID = stringArg(args, 'seriesInstanceUID');
            // Asked for by name, so wanted: the viewer switches to its patient (visibly, in the
            // patient list) rather than mixing it into the patient on screen.
            const study = data.findSeries(seriesInstanceUID)?.studyInstanceUID;
            const owner = study ? data.collection.patientOfStudy(study) : undefined;
            if (owner && owner.key !== data.activePatientKey()) data.setActivePatient(owner.key);
            await viewports.showSeries(seriesInstanceUID, {
              instanceNumber: optionalNumber(args, 'instanceNumber'),
              viewport: optionalNumber(args, 'viewport'),
            });
          },
        },
        {
          name: 'viewer.patients',
          description: 'The open patients: [{key, id, issuer, name, birthDate, active, conflict, studies}]',
          run: () =>
            data.patients().map((p) => ({
              key: p.key,
              ...p.identity,
              active: p.key === data.activePatientKey(),
              conflict: p.conflict,
              studies: [...p.studyInstanceUIDs],
            })),
        },
        {
          name: 'viewer.switchPatient',
          description: "Show another open patient's case: {key}; resolves once the viewports show it",
          run: async (args) => {
            data.setActivePatient(stringArg(args, 'key'));
            await viewports.whenPatientShown();
          },
        },
        { name: 'viewer.openFiles', description: 'Pick DICOM files', run: () => ui.openFilePicker('files') },
        { name: 'viewer.openFolder', description: 'Pick a folder of DICOM files', run: () => ui.openFilePicker('folder') },
        { name: 'viewer.help', description: 'Show or hide the keyboard shortcuts', run: () => ui.setHelpOpen(!ui.helpOpen) },
        {
          name: 'viewport.scroll',
          description: 'Step the active viewport: {delta}; resolves once drawn',
          run: (args) => viewports.scroll(optionalNumber(args, 'delta') ?? 1),
        },
        { name: 'viewport.first', description: 'First image', run: () => viewports.scrollTo('first') },
        { name: 'viewport.last', description: 'Last image', run: () => viewports.scrollTo('last') },
        {
          name: 'viewport.preset',
          description: `CT window preset: {id: ${CT_PRESETS.map((p) => p.id).join(' | ')}}`,
          run: (args) => viewports.applyPreset(stringArg(args, 'id')),
        },
        { name: 'viewport.autoWindow', description: 'Window from the image itself (MR)', run: () => viewports.autoWindowLevel() },
        { name: 'viewport.invert', description: 'Invert grey scale', run: () => viewports.invert() },
        { name: 'viewport.reset', description: 'Reset zoom, pan and window', run: () => viewports.reset() },
        {
          name: 'viewport.zoom',
          description: 'Zoom the active viewport by {factor}',
          run: (args) => viewports.zoom(optionalNumber(args, 'factor') ?? 1.25),
        },
        { name: 'viewport.cine', description: 'Play or stop cine', run: () => viewports.toggleCine() },
        {
          name: 'viewport.syncScroll',
          description: 'Scroll viewports of one frame of reference together',
          run: () => viewports.toggleSyncScroll(),
        },
        {
          name: 'viewport.layout',
          description:
            'Viewport grid: {layout: "1x1" | "1x2" | "2x2" | "mpr"}; "mpr" reformats the active series and resolves with [{viewportId, plane}]',
          run: (args) => {
            const layout = stringArg(args, 'layout');
            if (layout === 'mpr') return viewports.openMpr();
            if (layout !== '1x1' && layout !== '1x2' && layout !== '2x2') throw new Error(`Unknown layout ${layout}`);
            viewports.setLayout(layout as Layout);
          },
        },
        {
          name: 'viewport.next',
          description: 'Make the next viewport active',
          run: () => {
            const { activeIndex, layout, mpr } = viewports.snapshot();
            if (mpr) return viewports.mpr.nextPlane();
            const count = layout === '1x1' ? 1 : layout === '1x2' ? 2 : 4;
            viewports.setActive((activeIndex + 1) % count);
          },
        },
        {
          name: 'viewport.imageToClient',
          description: 'Page coordinates of image pixels: {points: [[column,row]...], viewport?}',
          run: (args) => viewports.imageToClient(pointsArg(args, 'column, row'), optionalNumber(args, 'viewport')),
        },
        {
          name: 'viewport.clientToImage',
          description: 'Image pixels [column,row] under page points: {points: [[x,y]...], viewport?}',
          run: (args) => viewports.clientToImage(pointsArg(args, 'x, y'), optionalNumber(args, 'viewport')),
        },
        {
          name: 'viewport.tool',
          description: 'Give the left mouse button to a tool: {tool}',
          run: (args) => viewports.setPrimaryTool(stringArg(args, 'tool')),
        },
        ...followUpCommands(services),
        ...mprCommands(services),
      ];
    },
    // Toolbar entries are data, one a line, alike in shape on purpose (as in the extensions').
    getToolbarModule: () => [
      { id: 'open-files', label: 'Open', tooltip: 'Open DICOM files (O)', group: 'file', command: 'viewer.openFiles' },
      { id: 'study-list', label: 'Studies', tooltip: 'PACS study list (DICOMweb)', group: 'file', command: 'viewer.studyList' },
      { id: 'open-folder', label: 'Folder', tooltip: 'Open a folder of DICOM files', group: 'file', command: 'viewer.openFolder' },
      {
        id: 'layout-1x1',
        label: '1×1',
        tooltip: 'One viewport',
        group: 'layout',
        command: 'viewport.layout',
        args: { layout: '1x1' },
        activeWhen: 'layout:1x1',
      },
      {
        id: 'layout-1x2',
        label: '1×2',
        tooltip: 'Two viewports side by side',
        group: 'layout',
        command: 'viewport.layout',
        args: { layout: '1x2' },
        activeWhen: 'layout:1x2',
      },
      {
        id: 'layout-2x2',
        label: '2×2',
        tooltip: 'Four viewports',
        group: 'layout',
        command: 'viewport.layout',
        args: { layout: '2x2' },
        activeWhen: 'layout:2x2',
      },
      {
        id: 'layout-mpr',
        label: 'MPR',
        tooltip: 'Axial, sagittal and coronal reformats of the series (needs WebGL)',
        group: 'layout',
        command: 'viewport.layout',
        args: { layout: 'mpr' },
        activeWhen: 'layout:mpr',
      },
      {
        id: 'tool-wl',
        label: 'W/L',
        tooltip: 'Window / level with the left button (W)',
        group: 'tools',
        command: 'viewport.tool',
        args: { tool: 'WindowLevel' },
        activeWhen: 'tool:WindowLevel',
      },
      {
        id: 'tool-pan',
        label: 'Pan',
        tooltip: 'Pan with the left button (P); middle button always pans',
        group: 'tools',
        command: 'viewport.tool',
        args: { tool: 'Pan' },
        activeWhen: 'tool:Pan',
      },
      {
        id: 'tool-zoom',
        label: 'Zoom',
        tooltip: 'Zoom with the left button (Z); right button always zooms',
        group: 'tools',
        command: 'viewport.tool',
        args: { tool: 'Zoom' },
        activeWhen: 'tool:Zoom',
      },
      ...CT_PRESETS.map((p) => ({
        id: `preset-${p.id}`,
        label: p.label,
        tooltip: `${p.label} window ${p.width}/${p.center} (${p.key})`,
        group: 'presets',
        command: 'viewport.preset',
        args: { id: p.id },
      })),
      { id: 'auto-wl', label: 'Auto', tooltip: 'Automatic window from the image (A)', group: 'presets', command: 'viewport.autoWindow' },
      { id: 'invert', label: 'Invert', tooltip: 'Invert (I)', group: 'view', command: 'viewport.invert' },
      { id: 'reset', label: 'Reset', tooltip: 'Reset zoom, pan and window (R)', group: 'view', command: 'viewport.reset' },
      { id: 'cine', label: 'Cine', tooltip: 'Play / stop cine (C)', group: 'view', command: 'viewport.cine', activeWhen: 'cine' },
      {
        id: 'sync',
        label: 'Sync',
        tooltip: 'Scroll viewports together (S)',
        group: 'view',
        command: 'viewport.syncScroll',
        activeWhen: 'sync',
      },
      { id: 'help', label: '?', tooltip: 'Keyboard shortcuts (?)', group: 'help', command: 'viewer.help' },
    ],
    getHelpModule: () => ({
      mouse: [
        { input: 'Left drag', description: 'Window / level, or the tool chosen in the toolbar (a click alone never measures)' },
        { input: 'Click', description: 'Make a viewport active (the first click on another viewport does only that)' },
        { input: 'Middle drag', description: 'Pan' },
        { input: 'Right drag', description: 'Zoom' },
        { input: 'Wheel', description: 'Scroll through images' },
        { input: 'Click / Enter on a series', description: 'Show it in the active viewport; or drag it onto a viewport' },
        { input: 'Tab', description: 'Move the focus through the page, as on any web page' },
        { input: 'Esc', description: 'Close this help or a dialog' },
      ],
    }),
    getHotkeysModule: () => [
      { keys: 'ArrowDown', description: 'Next image', command: 'viewport.scroll', args: { delta: 1 } },
      { keys: 'ArrowUp', description: 'Previous image', command: 'viewport.scroll', args: { delta: -1 } },
      { keys: 'PageDown', description: '10 images forward', command: 'viewport.scroll', args: { delta: 10 } },
      { keys: 'PageUp', description: '10 images back', command: 'viewport.scroll', args: { delta: -10 } },
      { keys: 'Home', description: 'First image', command: 'viewport.first' },
      { keys: 'End', description: 'Last image', command: 'viewport.last' },
      ...CT_PRESETS.map((p) => ({
        keys: p.key,
        description: `${p.label} window (${p.width}/${p.center})`,
        command: 'viewport.preset',
        args: { id: p.id },
      })),
      { keys: 'a', description: 'Automatic window (MR)', command: 'viewport.autoWindow' },
      { keys: 'i', description: 'Invert', command: 'viewport.invert' },
      { keys: 'r', description: 'Reset view', command: 'viewport.reset' },
      { keys: '+', description: 'Zoom in', command: 'viewport.zoom', args: { factor: 1.25 } },
      { keys: '-', description: 'Zoom out', command: 'viewport.zoom', args: { factor: 0.8 } },
      { keys: 'c', description: 'Cine play / stop', command: 'viewport.cine' },
      { keys: 's', description: 'Synchronised scrolling on / off', command: 'viewport.syncScroll' },
      { keys: 'w', description: 'Window / level tool', command: 'viewport.tool', args: { tool: 'WindowLevel' } },
      { keys: 'p', description: 'Pan tool', command: 'viewport.tool', args: { tool: 'Pan' } },
      { keys: 'z', description: 'Zoom tool', command: 'viewport.tool', args: { tool: 'Zoom' } },
      // Tab is the browser's: it moves the focus through the page.
      { keys: 'v', description: 'Next viewport', command: 'viewport.next' },
      { keys: 'o', description: 'Open files', command: 'viewer.openFiles' },
      { keys: '?', description: 'This list', command: 'viewer.help' },
    ],
  };
}
