import { useState } from 'react';
import type { ViewerServices } from '../extensions/hostServices';
import { isoDate } from '../data/timepoints';
import { useStore } from './useStore';
import { errorMessage } from '../util/errorMessage';

/**
 * The patient's studies over time, grouped into time points (oldest first), the current study
 * marked and every other visit's study with "Open beside". Shown once the patient has more than
 * one time point: with one visit there is no prior to open. It sits below the series so that
 * its arrival (the PACS answers later) never moves what is above it.
 */
export function PriorsList({ services }: { services: ViewerServices }) {
  const { timeline, viewports, priors, notifications } = services;
  useStore(timeline);
  const view = useStore(viewports, () => viewports.snapshot());
  const linking = useStore(priors, () => priors.linking());
  const [opening, setOpening] = useState<string | null>(null);
  const { timepoints, studies, pacsError } = timeline.timeline();
  if (timepoints.length < 2) return null;
  const current = viewports.seriesIn(view.activeIndex)?.studyInstanceUID ?? null;
  const currentTimepoint = studies.find((s) => s.studyInstanceUID === current)?.timepoint ?? null;
  const besideShown = view.layout === '1x2' && viewports.seriesIn(0) && viewports.seriesIn(1);

  const openBeside = (studyInstanceUID: string): void => {
    setOpening(studyInstanceUID);
    priors
      .openBeside({ studyInstanceUID })
      .catch((error: unknown) => notifications.show('error', `Could not open the study beside: ${errorMessage(error)}`))
      .finally(() => setOpening(null));
  };

  return (
    <section className="priors" aria-label="Studies over time" data-testid="priors-list">
      <h2 className="priors-title">Studies over time</h2>
      {timepoints.map((tp) => (
        <div key={tp.id} className="priors-timepoint" data-testid="priors-timepoint" data-timepoint={tp.id}>
          <div className="priors-timepoint-head">
            <strong>{tp.id}</strong> <span className="dim">{isoDate(tp.date) ?? 'no date'}</span>
          </div>
          <ul>
            {studies
              .filter((s) => s.timepoint === tp.id)
              .map((s) => {
                const isCurrent = s.studyInstanceUID === current;
                return (
                  <li
                    key={s.studyInstanceUID}
                    className={`priors-study${isCurrent ? ' current' : ''}`}
                    data-testid="priors-study"
                    data-study={s.studyInstanceUID}
                  >
                    <span className="priors-date">{isoDate(s.date) ?? '—'}</span>
                    <span className="priors-modalities">{s.modalities.join(' ') || '?'}</span>
                    {isCurrent ? (
                      <span className="priors-current" aria-label="the study on screen">
                        current
                      </span>
                    ) : tp.id !== currentTimepoint ? (
                      <button
                        data-testid="open-beside"
                        disabled={opening !== null}
                        title={s.loaded ? 'Show beside the current study, scrolling in sync' : 'Retrieve from the PACS and show beside'}
                        onClick={() => openBeside(s.studyInstanceUID)}
                      >
                        {opening === s.studyInstanceUID ? 'Opening…' : 'Open beside'}
                      </button>
                    ) : (
                      <span className="dim">same visit</span>
                    )}
                    {!s.loaded && <span className="priors-remote dim">on PACS</span>}
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
      {pacsError && <div className="priors-error">PACS: {pacsError}</div>}
      <div className="priors-actions">
        <button
          data-testid="link-points"
          className={linking ? 'active' : ''}
          disabled={!besideShown}
          title="Line the two studies up by hand: click the same anatomy in the left, then the right viewport"
          onClick={() => priors.setLinking(!linking)}
        >
          {linking ? 'Click a point in each viewport…' : 'Link a point pair'}
        </button>
      </div>
    </section>
  );
}
