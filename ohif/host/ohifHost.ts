/**
 * Our HostServices made over OHIF's services: what the real EMH extension is given inside
 * OHIF. Data, geometry, viewports and notices are OHIF's seen through our interfaces; the
 * command registry, the PACS (on the data source's DICOMweb root) and the time line are our own
 * classes, as in our viewer.
 */
import { CommandRegistry } from '../../src/extensions/commandRegistry';
import type { HostServices } from '../../src/extensions/hostServices';
import type { DicomwebServer } from '../../src/data/dicomweb/dicomwebServer';
import { StudyTimeline } from '../../src/data/studyTimeline';
import { OhifData } from './ohifData';
import { OhifGeometry } from './ohifGeometry';
import { OhifNotifications } from './ohifNotifications';
import { OhifViewports } from './ohifViewports';
import { OhifDicomweb, dataSourceRoot } from './ohifDicomweb';
import type { OhifExtensionParams } from '../ohifTypes';

export interface OhifHost extends HostServices {
  commands: CommandRegistry;
  data: OhifData;
  geometry: OhifGeometry;
  notifications: OhifNotifications;
  viewports: OhifViewports;
  dicomweb: OhifDicomweb;
}

export function createOhifHost({ servicesManager, commandsManager, extensionManager }: OhifExtensionParams): OhifHost {
  const { services } = servicesManager;
  const { displaySetService, viewportGridService, cornerstoneViewportService, toolGroupService } = services;
  if (!displaySetService || !viewportGridService || !cornerstoneViewportService || !toolGroupService) {
    throw new Error(
      "The EMH extension needs OHIF 3.13's displaySetService, viewportGridService, cornerstoneViewportService and toolGroupService",
    );
  }
  const notifications = new OhifNotifications(services.uiNotificationService);
  // The data source's server, once `dicomweb` below exists (read lazily, when a file is wanted).
  const data: OhifData = new OhifData((): DicomwebServer | null => dicomweb.connected());
  const geometry = new OhifGeometry(data);
  const viewports = new OhifViewports({
    grid: viewportGridService,
    cornerstone: cornerstoneViewportService,
    displaySets: displaySetService,
    toolGroups: toolGroupService,
    commands: commandsManager,
    data,
    geometry,
  });
  const dicomweb = new OhifDicomweb(data, extensionManager, services.userAuthenticationService);
  const root = dataSourceRoot(extensionManager);
  if (root) dicomweb.connect(root);
  return {
    commands: new CommandRegistry(),
    data,
    geometry,
    notifications,
    viewports,
    dicomweb,
    timeline: new StudyTimeline(data, dicomweb),
  };
}
