import type { Types } from '@cornerstonejs/core';
import type { OhifMeasurementService } from './host/ohifMeasurements';

/**
 * The parts of OHIF 3.13's runtime API the plugin uses, typed here (OHIF's packages are not a
 * dependency: the plugin is loaded into a prebuilt OHIF and talks to it only through these).
 * Shapes read from OHIF 3.13.2's ExtensionManager, mode route and services.
 */

/** OHIF's own React panel/toolbar components are called with whatever props it likes. */
export type OhifComponent = (props: Record<string, unknown>) => unknown;

export interface OhifUtilityModuleEntry {
  exports: Record<string, unknown>;
}

export interface OhifExtensionManager {
  getModuleEntry(entry: string): OhifUtilityModuleEntry | undefined;
  registeredExtensionIds: string[];
  getActiveDataSource?(): OhifDataSource[] | undefined;
}

export interface OhifDataSource {
  getConfig?(): Record<string, unknown>;
  store?: { dicom?(dataset: unknown, request?: unknown, dicomDict?: unknown): Promise<unknown> };
}

/** OHIF's sign-in: the Authorization header its data source sends (none without a sign-in). */
export interface OhifUserAuthentication {
  getAuthorizationHeader(): Record<string, string> | undefined | void;
}

export interface OhifNotificationService {
  show(args: { title?: string; message: string; type?: 'info' | 'success' | 'warning' | 'error'; duration?: number }): unknown;
  hide?(id: unknown): void;
}

export interface OhifPubSub {
  EVENTS: Record<string, string>;
  subscribe(event: string, listener: (payload: unknown) => void): { unsubscribe(): void };
}

/** One OHIF display set (a series' images as OHIF shows them). */
export interface OhifDisplaySet {
  displaySetInstanceUID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  SeriesDescription?: string;
  SeriesNumber?: number | string;
  Modality?: string;
  imageIds?: string[];
  instances?: Record<string, unknown>[];
  /** A report's or segmentation's one instance (OHIF's SR and SEG display sets). */
  instance?: Record<string, unknown>;
  isReconstructable?: boolean;
}

export interface OhifDisplaySetService extends OhifPubSub {
  getActiveDisplaySets(): OhifDisplaySet[];
  getDisplaySetByUID(uid: string): OhifDisplaySet | undefined;
}

/** OHIF's viewport grid, its Cornerstone viewports and tool groups, as OhifViewports reads them. */
export interface OhifGridViewport {
  viewportId: string;
  displaySetInstanceUIDs?: string[];
}

export interface OhifViewportGrid extends OhifPubSub {
  getState(): { viewports: Map<string, OhifGridViewport>; activeViewportId: string | null; layout?: { numRows: number; numCols: number } };
  setDisplaySetsForViewport(props: { viewportId: string; displaySetInstanceUIDs: string[] }): unknown;
}

export interface OhifCornerstoneViewports {
  getCornerstoneViewport(viewportId: string): Types.IStackViewport | undefined;
}

export interface OhifToolGroups {
  getToolGroup(id?: string): { getActivePrimaryMouseButtonTool(): string | undefined } | undefined;
}

export interface OhifToolGroupService {
  getToolGroup(id?: string): ReturnType<OhifToolGroups['getToolGroup']>;
  createToolGroupAndAddTools(id: string, tools: OhifToolGroupTools): unknown;
  getToolGroupIds?(): string[];
}

export interface OhifToolGroupTools {
  active?: { toolName: string; bindings: Record<string, unknown>[] }[];
  passive?: { toolName: string }[];
  enabled?: { toolName: string }[];
  disabled?: { toolName: string }[];
}

export interface OhifToolbarService {
  register(buttons: OhifToolbarButton[]): void;
  updateSection(section: string, buttonIds: string[]): void;
}

export interface OhifToolbarButton {
  id: string;
  uiType: string;
  props: Record<string, unknown>;
}

export interface OhifCustomizationService {
  setCustomizations(customizations: Record<string, unknown>, scope?: unknown): void;
  getCustomization(id: string): unknown;
}

export interface OhifServices {
  uiNotificationService?: OhifNotificationService;
  userAuthenticationService?: OhifUserAuthentication;
  displaySetService?: OhifDisplaySetService;
  toolGroupService?: OhifToolGroupService;
  toolbarService?: OhifToolbarService;
  customizationService?: OhifCustomizationService;
  viewportGridService?: OhifViewportGrid;
  cornerstoneViewportService?: OhifCornerstoneViewports;
  measurementService?: OhifMeasurementService;
  uiDialogService?: { hideAll?(): void };
  uiModalService?: { hide?(): void };
  [name: string]: unknown;
}

export interface OhifCommandsManager {
  runCommand(name: string, options?: Record<string, unknown>, context?: string): unknown;
}

/** What OHIF passes to preRegistration, the module getters and the life-cycle hooks. */
export interface OhifExtensionParams {
  servicesManager: { services: OhifServices };
  extensionManager: OhifExtensionManager;
  commandsManager: OhifCommandsManager;
  hotkeysManager?: unknown;
  appConfig?: Record<string, unknown>;
  configuration?: Record<string, unknown>;
}

export interface OhifCommandsModule {
  definitions: Record<string, { commandFn: (options: Record<string, unknown>) => unknown; context?: string }>;
  defaultContext: string;
}

export interface OhifPanel {
  name: string;
  iconName: string;
  iconLabel: string;
  label: string;
  component: OhifComponent;
}

/** An OHIF extension: an id and module getters (what the ExtensionManager calls). */
export interface OhifExtension {
  id: string;
  preRegistration(params: OhifExtensionParams): Promise<void>;
  getCommandsModule(params: OhifExtensionParams): OhifCommandsModule;
  getPanelModule(params: OhifExtensionParams): OhifPanel[];
  getToolbarModule(params: OhifExtensionParams): { name: string; defaultComponent?: unknown; evaluate?: unknown }[];
  getUtilityModule(params: OhifExtensionParams): { name: string; exports: Record<string, unknown> }[];
  onModeEnter(params: OhifExtensionParams): void;
  onModeExit(params: OhifExtensionParams): void;
}
