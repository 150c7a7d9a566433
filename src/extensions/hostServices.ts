import type { CommandRegistry } from './commandRegistry';
import type { DataManager } from '../data/dataManager';
import type { ViewportService } from '../cornerstone/viewportService';
import type { Notifications } from '../app/notifications';
import type { DicomwebService } from '../data/dicomweb/dicomwebService';
import type { ImageGeometry } from '../geometry/imageGeometry';
import type { StudyTimeline } from '../data/studyTimeline';
import type { PriorComparison } from '../cornerstone/priorComparison';

/** What the host lends every extension: the same objects its own toolbar and panels use. */
export interface HostServices {
  commands: CommandRegistry;
  data: DataManager;
  viewports: ViewportService;
  notifications: Notifications;
  /** The connected PACS (DICOMweb), if any: study list, opening studies, storing reports. */
  dicomweb: DicomwebService;
  /** Image index <-> patient mm <-> calibration for every loaded image: the only such conversion. */
  geometry: ImageGeometry;
  /** The active patient's studies over time (open and on the PACS), grouped into time points. */
  timeline: StudyTimeline;
  /** A prior study beside the current one: series matching, offsets between studies, synced scrolling. */
  priors: PriorComparison;
}
