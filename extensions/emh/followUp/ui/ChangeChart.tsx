import { useMemo } from 'react';
import { changeChartModel } from '../rules/changeChart';
import { changeChartSvg } from '../rules/changeChartSvg';
import type { FollowUpView } from '../rules/followUpView';

/** The panel draws the chart at its own width; text stays 11 px, as in the rest of the panel. */
export const PANEL_CHART_WIDTH = 360;

export interface ChangeChartProps {
  view: FollowUpView;
  /** Gets the exact SVG shown, with its size, to save it as PNG. */
  onDownloadPng(svg: string, width: number, height: number): void;
}

/**
 * The follow-up chart: one line per lesion's long axis, the liver HU dashed on its own axis.
 * The markup is changeChartSvg's, the same string the PNG and the teaching file get, with every
 * user-typed text escaped there; so it is set as HTML rather than rebuilt in JSX.
 */
export function ChangeChart({ view, onDownloadPng }: ChangeChartProps) {
  const chart = useMemo(() => {
    const model = changeChartModel(view, { width: PANEL_CHART_WIDTH });
    return { svg: changeChartSvg(model), width: model.width, height: model.height };
  }, [view]);
  return (
    <figure className="emh-change-chart" data-testid="change-chart">
      <div className="emh-change-chart-svg-box" dangerouslySetInnerHTML={{ __html: chart.svg }} />
      <figcaption className="emh-change-chart-caption">
        <span>Long axis per lesion (mm, left); liver mean HU (dashed, right) with its normal band.</span>
        <button
          type="button"
          data-testid="change-chart-png"
          title="Download the chart as a PNG image"
          onClick={() => onDownloadPng(chart.svg, chart.width, chart.height)}
        >
          Download PNG
        </button>
      </figcaption>
    </figure>
  );
}
