// The built plugin (dist-ohif/ as OHIF loads it) registered the way OHIF 3.13's
// ExtensionManager does, against a stub extension manager lending fake Cornerstone libraries.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { anything } from './fakeCornerstone';
import { EMH_PANEL, EMH_TEACHING_PANEL, EMH_WORKUP_UTILITY, OHIF_CORNERSTONE_UTILITY } from './ids';
import type { OhifExtension, OhifExtensionParams } from './ohifTypes';
import type { WorkupUtility } from './ohifExtension';

const EMH_TOOLS = ['EmhLesionAxes', 'EmhMuscleRoi', 'EmhLesionSignalRoi', 'EmhLiverRoi', 'EmhSpleenRoi', 'EmhLesionHuRoi'];
const outDir = mkdtempSync(path.join(tmpdir(), 'emh-ohif-build-'));

before(() => {
  // The production build, into a folder of its own (a few seconds).
  execFileSync('npx', ['webpack', '--config', 'ohif/webpack.config.js', '--mode', 'production', '--output-path', outDir], {
    stdio: 'pipe',
  });
});

async function builtModule<T>(file: string): Promise<T> {
  return ((await import(pathToFileURL(path.join(outDir, file)).href)) as { default: T }).default;
}

interface Stub {
  params: OhifExtensionParams;
  added: string[];
  notices: string[];
  asked: string[];
}

/** OHIF's services as far as preRegistration and the getters use them. */
function stubOhif(withCornerstone = true): Stub {
  const added: string[] = [];
  const notices: string[] = [];
  const asked: string[] = [];
  const tools = anything('cornerstoneTools', {
    addTool: (Tool: { toolName: string }) => added.push(Tool.toolName),
  });
  const params: OhifExtensionParams = {
    servicesManager: {
      services: {
        uiNotificationService: { show: ({ message }) => notices.push(message) },
        displaySetService: {
          EVENTS: {},
          subscribe: () => ({ unsubscribe: () => undefined }),
          getActiveDisplaySets: () => [],
          getDisplaySetByUID: () => undefined,
        },
        viewportGridService: {
          EVENTS: {},
          subscribe: () => ({ unsubscribe: () => undefined }),
          getState: () => ({ viewports: new Map(), activeViewportId: null }),
          setDisplaySetsForViewport: () => undefined,
        },
        cornerstoneViewportService: { getCornerstoneViewport: () => undefined },
        toolGroupService: {
          getToolGroup: () => undefined,
          createToolGroupAndAddTools: () => undefined,
        },
      },
    },
    extensionManager: {
      registeredExtensionIds: ['@ohif/extension-default', '@ohif/extension-cornerstone'],
      getModuleEntry: (entry) => {
        asked.push(entry);
        if (entry !== OHIF_CORNERSTONE_UTILITY || !withCornerstone) return undefined;
        return { exports: { getCornerstoneLibraries: () => ({ cornerstone: anything('cornerstone'), cornerstoneTools: tools }) } };
      },
    },
    commandsManager: { runCommand: () => undefined },
  };
  return { params, added, notices, asked };
}

// preRegistration styles the panels and the real extension starts listening to the page
// (keys, leaving the page, its autosave in localStorage): a page this small is all they need.
const headChildren: unknown[] = [];
const stored = new Map<string, string>();
const noListeners = { addEventListener: () => undefined, removeEventListener: () => undefined };
Object.assign(globalThis, {
  ...noListeners,
  document: {
    ...noListeners,
    createElement: () => ({ dataset: {}, textContent: '' }),
    head: { append: (node: unknown) => headChildren.push(node) },
  },
  // No window.document: React's DOM feature tests stay off in Node.
  window: { ...noListeners },
  localStorage: {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => stored.set(key, value),
    removeItem: (key: string) => stored.delete(key),
  },
});

test("the extension registers as OHIF registers it: id, preRegistration with OHIF's Cornerstone, then the modules", async () => {
  const extension = await builtModule<OhifExtension>('extension.js');
  assert.equal(extension.id, 'emh');
  // OHIF calls no getter before preRegistration has resolved; one called early says so.
  assert.throws(() => extension.getPanelModule(stubOhif().params), /before its preRegistration/);

  const ohif = stubOhif();
  await extension.preRegistration(ohif.params);
  assert.deepEqual(ohif.asked, [OHIF_CORNERSTONE_UTILITY]);
  // Our tools were registered with OHIF's cornerstoneTools, not with a copy of our own (the
  // real extension adds its iron and segment tools too; the mode puts the six in OHIF's groups).
  assert.deepEqual(ohif.added.slice(0, 6), EMH_TOOLS);
  // Our panel's CSS (the extension's) and its frame in OHIF's side panel (the plugin's).
  assert.equal(headChildren.length, 2);

  const [panel, teaching] = extension.getPanelModule(ohif.params);
  assert.equal(`emh.panelModule.${panel.name}`, EMH_PANEL);
  assert.equal(typeof panel.component, 'function');
  assert.equal(`emh.panelModule.${teaching.name}`, EMH_TEACHING_PANEL);
  assert.equal(typeof teaching.component, 'function');

  // Our command registry's commands, as OHIF commands of the same name.
  const commands = extension.getCommandsModule(ohif.params);
  for (const name of ['emh.tool', 'emh.inventory', 'emh.storeSR', 'emh.export', 'emh.undo', 'emh.notice']) {
    assert.ok(commands.definitions[name], name);
  }

  const [utility] = extension.getUtilityModule(ohif.params);
  assert.equal(`emh.utilityModule.${utility.name}`, EMH_WORKUP_UTILITY);
  const workup = (utility.exports.workup as () => WorkupUtility)();
  assert.deepEqual(
    workup.toolbarButtons.map((b) => b.id),
    EMH_TOOLS,
  );
  assert.deepEqual(
    workup.hotkeyBindings.map((h) => [h.keys[0], h.commandName]),
    [
      ['shift+l', 'setToolActiveToolbar'],
      ['m', 'setToolActiveToolbar'],
      ['t', 'setToolActiveToolbar'],
      ['shift+h', 'setToolActiveToolbar'],
      ['k', 'emh.toggleKeyImage'],
    ],
    "L and H are OHIF's rotate and flip: ours move to Shift; K runs our command, OHIF's own keys keep undo, delete, Esc",
  );
});

test("without OHIF's cornerstone extension registered first, preRegistration says what is missing", async () => {
  const extension = await builtModule<OhifExtension>('extension.js');
  await assert.rejects(extension.preRegistration(stubOhif(false).params), /needs OHIF's @ohif\/extension-cornerstone/);
});

interface ModeInstance {
  id: string;
  routeName: string;
  displayName: string;
  hide: boolean;
  extensions: Record<string, string>;
  routes: { path: string; layoutInstance: { props: { rightPanels: string[]; leftPanels: string[]; rightPanelClosed: boolean } } }[];
  onModeEnter(params: OhifExtensionParams): void;
}

test("the mode is OHIF's basic mode with our panel, and adds our tools, buttons and hotkeys each time it is entered", async () => {
  const extension = await builtModule<OhifExtension>('extension.js');
  await extension.preRegistration(stubOhif().params);
  const mode = await builtModule<{
    id: string;
    modeFactory(args: { loadModules(names: string[]): Promise<unknown[]> }): Promise<ModeInstance>;
  }>('mode.js');
  const basicEntered: string[] = [];
  const loaded: string[][] = [];
  const instance = await mode.modeFactory({
    loadModules: async (names) => {
      loaded.push(names);
      return [
        {
          modeInstance: {
            id: '@ohif/mode-basic',
            routeName: 'basic',
            displayName: 'Basic',
            hide: true,
            routes: [
              {
                path: 'basic',
                layoutInstance: {
                  id: 'viewerLayout',
                  props: { leftPanels: ['seriesList'], rightPanels: ['measurements'], rightPanelClosed: true },
                },
              },
            ],
            onModeEnter(this: { id: string }) {
              basicEntered.push(this.id);
            },
          },
          extensionDependencies: { '@ohif/extension-default': '^3.0.0', '@ohif/extension-cornerstone': '^3.0.0' },
        },
      ];
    },
  });
  assert.deepEqual(loaded, [['@ohif/mode-basic']]);
  assert.equal(instance.id, 'emh-workup');
  assert.equal(instance.displayName, 'EMH work-up');
  assert.equal(instance.hide, false);
  assert.equal(instance.routes[0].path, 'emh');
  assert.deepEqual(instance.routes[0].layoutInstance.props.leftPanels, ['seriesList']);
  assert.deepEqual(instance.routes[0].layoutInstance.props.rightPanels, [
    EMH_PANEL,
    EMH_TEACHING_PANEL,
    '@ohif/extension-cornerstone.panelModule.panelMeasurement',
  ]);
  // OHIF imports every key of `extensions` when the mode is entered: ours is the plugin's URL.
  const plugin = Object.keys(instance.extensions).filter((key) => !key.startsWith('@ohif/'));
  assert.equal(plugin.length, 1);
  assert.equal(plugin[0], pathToFileURL(path.join(outDir, 'extension.js')).href);

  const ohif = stubOhif();
  const inGroup: string[] = [];
  const passive: string[] = [];
  const registered: string[] = [];
  const sections: [string, string[]][] = [];
  const customizations: Record<string, unknown>[] = [];
  const [utility] = extension.getUtilityModule(ohif.params);
  Object.assign(ohif.params.servicesManager.services, {
    toolGroupService: {
      getToolGroup: (id: string) =>
        id === 'default'
          ? { addTool: (name: string) => inGroup.push(name), setToolPassive: (name: string) => passive.push(name) }
          : undefined,
    },
    toolbarService: {
      register: (buttons: { id: string }[]) => registered.push(...buttons.map((b) => b.id)),
      updateSection: (key: string, ids: string[]) => sections.push([key, ids]),
    },
    customizationService: { setCustomizations: (c: Record<string, unknown>) => customizations.push(c) },
  });
  ohif.params.extensionManager.getModuleEntry = (entry) => (entry === EMH_WORKUP_UTILITY ? utility : undefined);
  for (let entered = 1; entered <= 2; entered++) {
    inGroup.length = 0;
    instance.onModeEnter(ohif.params);
    assert.deepEqual(basicEntered.slice(-1), ['emh-workup'], "OHIF's basic mode enters first, as our mode");
    assert.deepEqual(inGroup, EMH_TOOLS, `entered ${entered}x: the tools are in the new tool group`);
  }
  assert.deepEqual(passive.slice(0, 6), EMH_TOOLS);
  assert.deepEqual(registered.slice(0, 6), EMH_TOOLS);
  assert.deepEqual(sections[0], ['primary', EMH_TOOLS]);
  const hotkeys = (customizations[0]['ohif.hotkeyBindings'] as { $push: { keys: string[] }[] }).$push;
  assert.deepEqual(
    hotkeys.map((h) => h.keys[0]),
    ['shift+l', 'm', 't', 'shift+h', 'k'],
  );
});
