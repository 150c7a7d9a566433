import type { CommandRegistry } from './commandRegistry';
import type { DataManager } from '../data/dataManager';
import type { ViewportService } from '../cornerstone/viewportService';
import type { MprService } from '../cornerstone/mprService';
import type { Notifications } from '../app/notifications';
import type { DicomwebService } from '../data/dicomweb/dicomwebService';
import type { ImageGeometry } from '../geometry/imageGeometry';
import type { StudyTimeline } from '../data/studyTimeline';
import type { PriorComparison } from '../cornerstone/priorComparison';

/**
 * The viewport calls an extension makes: exactly these, so another host (OHIF) can answer them
 * without being our ViewportService (which owns a rendering engine and our image loader).
 */
export type HostViewports = Pick<
  ViewportService,
  | 'toolGroupId'
  | 'version'
  | 'snapshot'
  | 'viewport'
  | 'element'
  | 'subscribe'
  | 'seriesIn'
  | 'clientToImage'
  | 'showSeries'
  | 'setPrimaryTool'
  | 'addReformatTool'
  | 'setLayout'
  | 'openMpr'
> & {
  /** The reformat views, as far as an extension steers them. */
  mpr: Pick<MprService, 'seriesShown' | 'viewport' | 'setCentre' | 'setActive'>;
};

/** What the host lends every extension: the same objects its own toolbar and panels use. */
export interface HostServices {
  commands: CommandRegistry;
  data: DataManager;
  viewports: HostViewports;
  notifications: Notifications;
  /** The connected PACS (DICOMweb), if any: study list, opening studies, storing reports. */
  dicomweb: DicomwebService;
  /** Image index <-> patient mm <-> calibration for every loaded image: the only such conversion. */
  geometry: ImageGeometry;
  /** The active patient's studies over time (open and on the PACS), grouped into time points. */
  timeline: StudyTimeline;
}

/** What our own viewer's components and its core extension use: the host services at full width. */
export interface ViewerServices extends HostServices {
  viewports: ViewportService;
  /** A prior study beside the current one: series matching, offsets between studies, synced scrolling. */
  priors: PriorComparison;
}
