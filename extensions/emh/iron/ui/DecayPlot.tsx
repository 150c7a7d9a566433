import { decayPlotModel } from '../rules/decayPlot';
import type { R2starFit } from '../rules/r2starFit';

/** Signal against TE with the fitted decay; each echo's circle carries its values for tests. */
export function DecayPlot({
  echoTimesMs,
  meanSignal,
  fit,
}: {
  echoTimesMs: readonly number[];
  meanSignal: readonly number[];
  fit: R2starFit;
}) {
  const model = decayPlotModel(echoTimesMs, meanSignal, fit);
  const { plot } = model;
  return (
    <svg
      className="emh-iron-plot"
      data-testid="iron-plot"
      width={model.width}
      height={model.height}
      role="img"
      aria-label={`Signal against echo time, fitted R2* ${fit.r2starHz.toFixed(1)} Hz`}
    >
      <line x1={plot.left} y1={plot.bottom} x2={plot.right} y2={plot.bottom} stroke="#8893a0" />
      <line x1={plot.left} y1={plot.top} x2={plot.left} y2={plot.bottom} stroke="#8893a0" />
      {model.xTicks.map((t) => (
        <text key={t.label} x={t.x} y={plot.bottom + 12} fill="#8893a0" fontSize="9" textAnchor="middle">
          {t.label}
        </text>
      ))}
      <text x={plot.right} y={model.height - 1} fill="#8893a0" fontSize="9" textAnchor="end">
        TE ms
      </text>
      <text x={plot.left - 4} y={plot.top + 8} fill="#8893a0" fontSize="9" textAnchor="end">
        {Math.round(model.yMax)}
      </text>
      <path className="emh-iron-curve" d={model.curve} fill="none" stroke="#e0b341" strokeWidth="1.5" />
      {model.points.map((p) => (
        <circle
          key={p.echoTimeMs}
          className="emh-iron-echo"
          cx={p.x}
          cy={p.y}
          r="2.5"
          fill={p.used ? '#6cb6ff' : 'none'}
          stroke="#6cb6ff"
          data-te={p.echoTimeMs}
          data-signal={Math.round(p.signal * 10) / 10}
          data-used={p.used ? 'true' : 'false'}
        >
          <title>{`TE ${p.echoTimeMs} ms: ${p.signal.toFixed(1)}${p.used ? '' : ' (not fitted)'}`}</title>
        </circle>
      ))}
    </svg>
  );
}
