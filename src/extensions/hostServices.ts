import type { CommandRegistry } from './commandRegistry';
import type { DataManager } from '../data/dataManager';
import type { ViewportService } from '../cornerstone/viewportService';
import type { Notifications } from '../app/notifications';

/** What the host lends every extension: the same objects its own toolbar and panels use. */
export interface HostServices {
  commands: CommandRegistry;
  data: DataManager;
  viewports: ViewportService;
  notifications: Notifications;
}
