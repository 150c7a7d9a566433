import { Observable } from '../../../../src/state/observable';
import type { SegmentToolMode } from '../segmentPointerTools';
import type { SegmentTools } from '../segmentTools';

/** The toolbar's words for the segmentation tools. */
export const SEGMENT_TOOLBAR_HINTS: Record<SegmentToolMode, { label: string; tooltip: string }> = {
  grow: { label: 'Grow', tooltip: "Grow the chosen lesion's volume from the voxel you click (range: the panel's, from around the seed)" },
  region: {
    label: 'Region',
    tooltip:
      'Draw around the chosen lesion: its voxels within the range inside the outline; draw on a second slice to fill the slices between',
  },
  brush: { label: 'Brush', tooltip: "Paint into the chosen lesion's segment on this slice (radius in the panel)" },
  erase: { label: 'Erase', tooltip: "Erase from the chosen lesion's segment on this slice" },
};

/** Whether the segments are shown: the toolbar's "Segments" button is pressed while they are. */
export class SegmentsShown extends Observable {
  #tools: SegmentTools | null = null;
  follow(tools: SegmentTools): void {
    this.#tools = tools;
    tools.subscribe(() => this.notify());
  }
  isPressed(): boolean {
    return this.#tools?.shown ?? true;
  }
}
