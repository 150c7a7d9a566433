import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from '../../../../src/app/useStore';
import type { SegmentTools } from '../segmentTools';
import type { SegmentToolMode } from '../segmentPointerTools';

/** What the lesion card needs of the segmentation tools; given by the panel. */
export interface SegmentCardContext {
  readonly tools: SegmentTools;
  run(name: string, args?: Record<string, unknown>): void;
  downloadSeg(seriesInstanceUID: string): void;
}

export const SegmentToolsContext = createContext<SegmentCardContext | null>(null);

const CSS = `
.emh-segment-card { display: flex; flex-direction: column; gap: 3px; margin: 2px 0 4px; font-size: 11px; }
.emh-segment-card .emh-head-line { flex-wrap: wrap; height: auto; min-height: 22px; row-gap: 2px; }
.emh-segment-card .emh-row-action:first-child { margin-left: 0; }
.emh-segment-card .emh-segment-label { color: var(--emh-dim); margin-right: 2px; white-space: nowrap; }
.emh-segment-card input[type='number'] { width: 52px; font-size: 11px; padding: 0 3px; height: 18px; box-sizing: border-box;
  background: #0f1216; color: #e6e8eb; border: 1px solid #3a4048; border-radius: 3px; font-variant-numeric: tabular-nums; }
.emh-segment-card input.emh-brush-mm { width: 40px; }
.emh-segment-card .emh-segment-swatch { width: 9px; height: 9px; border-radius: 2px; display: inline-block; flex: 0 0 auto; }
.emh-segment-card label { display: inline-flex; align-items: center; gap: 3px; white-space: nowrap; }
`;

function ensureStyle(): void {
  if (document.querySelector('style[data-emh-segment-card]')) return;
  const style = document.createElement('style');
  style.dataset.emhSegmentCard = '';
  style.textContent = CSS;
  document.head.append(style);
}

const TOOL_WORDS: Record<SegmentToolMode, { label: string; title: (id: string) => string }> = {
  grow: { label: 'Segment', title: (id) => `Segment ${id}: click inside it on the image to grow its volume from that voxel` },
  region: {
    label: 'Region',
    title: (id) => `Draw around ${id}: its voxels within the range inside; draw on a second slice to fill between`,
  },
  brush: { label: 'Brush', title: (id) => `Paint into ${id}'s segment on the image on screen` },
  erase: { label: 'Erase', title: (id) => `Erase from ${id}'s segment on the image on screen` },
};

/**
 * The lesion card's volume line: the tools (Segment arms the Grow tool for this lesion; Region,
 * Brush, Erase), Interpolate and Undo; and, for a lesion being segmented or with a segment, its
 * range (Apply grows again), the brush size, Show, Remove volume and Download SEG.
 */
export function SegmentCard({ lesionId }: { lesionId: string }) {
  const context = useContext(SegmentToolsContext);
  if (!context) return null;
  return <SegmentCardBody lesionId={lesionId} context={context} />;
}

function SegmentCardBody({ lesionId, context }: { lesionId: string; context: SegmentCardContext }) {
  const { tools, run, downloadSeg } = context;
  useStore(tools);
  useEffect(ensureStyle, []);
  const segment = tools.segmentOf(lesionId);
  const ours = tools.lesionId === lesionId;
  const mode = ours ? tools.mode() : null;
  const range = tools.range(lesionId);
  const [low, setLow] = useState(range ? String(range[0]) : '');
  const [high, setHigh] = useState(range ? String(range[1]) : '');
  const [brush, setBrush] = useState(String(tools.brushMm));
  // A new grow sets the range: the inputs follow it.
  const rangeKey = range ? `${range[0]}|${range[1]}` : '';
  useEffect(() => {
    setLow(range ? String(range[0]) : '');
    setHigh(range ? String(range[1]) : '');
  }, [rangeKey, lesionId]);
  const unit = segment && segment.volumeMeanHU !== null && tools.isCt(segment.seriesInstanceUID) === false ? 'signal' : 'HU';
  const toolButton = (m: SegmentToolMode) => (
    <button
      type="button"
      key={m}
      className={mode === m ? 'emh-row-action emh-armed-button' : 'emh-row-action'}
      data-testid={`segment-${m}-${lesionId}`}
      aria-pressed={mode === m}
      title={TOOL_WORDS[m].title(lesionId)}
      onClick={() => run('emh.segmentTool', { mode: m, lesionId })}
    >
      {TOOL_WORDS[m].label}
    </button>
  );
  return (
    <div
      className="emh-segment-card"
      data-testid={`segment-card-${lesionId}`}
      title={`${lesionId}'s volume: segment it, correct it, export it`}
    >
      <div className="emh-head-line">
        {(['grow', 'region', 'brush', 'erase'] as const).map(toolButton)}
        <button
          type="button"
          className="emh-row-action"
          data-testid={`segment-interpolate-${lesionId}`}
          title={`Fill the slices between the two edited slices of ${lesionId} around the image on screen`}
          disabled={!segment || tools.editor.editedSlices(lesionId).length < 2}
          onClick={() => run('emh.interpolateSegment', { lesionId, ...tools.currentImage() })}
        >
          Interp.
        </button>
        <button
          type="button"
          className="emh-row-action"
          data-testid={`segment-undo-${lesionId}`}
          title={`Take back the last change of ${lesionId}'s segment`}
          disabled={!tools.editor.canUndo(lesionId)}
          onClick={() => run('emh.undoSegmentEdit', { lesionId })}
        >
          Undo
        </button>
      </div>
      {(ours || segment) && (
        <div className="emh-head-line">
          <label title={`The range the lesion is grown or thresholded within (${unit}); Apply grows it again from its seed`}>
            <input
              type="number"
              data-testid={`segment-low-${lesionId}`}
              aria-label="Low"
              value={low}
              onChange={(e) => setLow(e.target.value)}
            />
            –
            <input
              type="number"
              data-testid={`segment-high-${lesionId}`}
              aria-label="High"
              value={high}
              onChange={(e) => setHigh(e.target.value)}
            />
            {unit}
          </label>
          <button
            type="button"
            className="emh-row-action"
            data-testid={`segment-apply-${lesionId}`}
            disabled={low === '' || high === ''}
            onClick={() => run('emh.applySegmentRange', { lesionId, range: [Number(low), Number(high)] })}
          >
            Apply
          </button>
          <label title="Brush and eraser radius, mm">
            <input
              type="number"
              className="emh-brush-mm"
              data-testid="segment-brush-mm"
              aria-label="Brush radius mm"
              min={0.5}
              step={0.5}
              value={brush}
              onChange={(e) => {
                setBrush(e.target.value);
                const mm = Number(e.target.value);
                if (mm > 0 && mm <= 100) run('emh.brushSize', { radiusMm: mm });
              }}
            />
            mm
          </label>
        </div>
      )}
      {segment && (
        <div className="emh-head-line">
          <label title={`Show ${lesionId}'s segment on the images`}>
            <input
              type="checkbox"
              data-testid={`segment-shown-${lesionId}`}
              checked={tools.isShown(lesionId)}
              onChange={(e) => run('emh.segmentDisplay', { lesionId, on: e.target.checked })}
            />
            <span className="emh-segment-swatch" style={{ background: tools.colourOf(lesionId) }} />
            Show
          </label>
          <span className="emh-dim" data-testid={`segment-method-${lesionId}`}>
            {segment.voxels} voxels, {segment.method}
          </span>
          <button
            type="button"
            className="emh-row-action"
            data-testid={`segment-seg-${lesionId}`}
            title="Download the DICOM SEG of this series' lesion segments"
            onClick={() => downloadSeg(segment.seriesInstanceUID)}
          >
            SEG
          </button>
          <button
            type="button"
            className="emh-delete"
            data-testid={`segment-remove-${lesionId}`}
            title={`Remove ${lesionId}'s volume (the lesion and its measurements stay)`}
            onClick={() => run('emh.removeSegment', { lesionId })}
          >
            Remove vol.
          </button>
        </div>
      )}
    </div>
  );
}
