import type { DataManager } from '../data/dataManager';
import { isLaterVisit, latestVisitSeries } from '../data/timepoints';

/** What the choice needs of the viewports. */
export interface ChoiceViewports {
  /** Whether any visible cell shows a series. */
  showsAnything(): boolean;
  /** Shows a series in the first cell as the viewer's own choice. */
  show(seriesInstanceUID: string): Promise<void>;
}

/**
 * What the viewer puts on screen by itself while studies arrive, until the reader shows
 * anything: the first series to arrive; of a baseline and its follow-up, the latest visit, as a
 * radiologist reads the new study first.
 */
export class ViewerChoice {
  /** The study the viewer opened on by itself, until the user shows anything. */
  private autoShownStudy: string | null = null;
  /** The viewer is putting a series on screen (it waits for a patient switch first). */
  private showing = 0;
  private readonly studiesSeen = new Set<string>();

  constructor(
    private readonly data: DataManager,
    private readonly viewports: ChoiceViewports,
  ) {
    data.onFirstImagesRead(() => this.showLatestVisit());
  }

  /** A series was put on screen, by the viewer itself (`auto`) or by the reader. */
  shown(studyInstanceUID: string, auto: boolean): void {
    this.autoShownStudy = auto ? studyInstanceUID : null;
  }

  /** A series got an image: true when the viewer now puts it on screen. */
  imageAdded(seriesInstanceUID: string): boolean {
    if (!this.data.activeSeries().some((s) => s.seriesInstanceUID === seriesInstanceUID)) return false;
    // Several studies opening at once: their first files are being read, and the one to open
    // on is known once they all are (showLatestVisit). Showing the first to arrive would put
    // the baseline on screen, then switch.
    if (this.data.choosingFirstImage()) return false;
    const empty = !this.viewports.showsAnything() && this.showing === 0;
    if (!empty && !this.fromLaterVisit(seriesInstanceUID)) return false;
    this.show(seriesInstanceUID);
    return true;
  }

  /**
   * Every group of a load has its first image: the viewer opens on the latest visit among them
   * (unless the reader has chosen what to show meanwhile).
   */
  private showLatestVisit(): void {
    const shown = this.viewports.showsAnything();
    if (shown && !this.autoShownStudy) return;
    const studies = this.data.activeStudies();
    for (const study of studies) this.studiesSeen.add(study.studyInstanceUID);
    const series = latestVisitSeries(studies, this.autoShownStudy);
    if (series && !(shown && series.studyInstanceUID === this.autoShownStudy)) this.show(series.seriesInstanceUID);
  }

  private show(seriesInstanceUID: string): void {
    this.showing += 1;
    void this.viewports.show(seriesInstanceUID).finally(() => (this.showing -= 1));
  }

  /** A series of a later visit than the one the viewer opened on by itself. */
  private fromLaterVisit(seriesInstanceUID: string): boolean {
    const study = this.data.findSeries(seriesInstanceUID)?.studyInstanceUID;
    if (!this.autoShownStudy || !study || study === this.autoShownStudy || this.studiesSeen.has(study)) return false;
    this.studiesSeen.add(study);
    const studies = this.data.activeStudies().map((s) => ({ studyInstanceUID: s.studyInstanceUID, date: s.studyDate }));
    return isLaterVisit(studies, study, this.autoShownStudy);
  }
}
