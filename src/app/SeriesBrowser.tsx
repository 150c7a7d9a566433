import { memo, useEffect, useRef } from 'react';
import { getShouldUseCPURendering, imageLoader, utilities } from '@cornerstonejs/core';
import type { ViewerServices } from '../extensions/hostServices';
import type { SeriesModel } from '../data/studyModel';
import { seriesLabels } from '../extensions/types';
import { useStore } from './useStore';
import { PatientSwitcher } from './PatientSwitcher';
import { PriorsList } from './PriorsList';
import { errorMessage } from '../util/errorMessage';

export const SERIES_DRAG_TYPE = 'application/x-viewer-series';

function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

const Thumbnail = memo(function Thumbnail({ imageId }: { imageId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    // Decoded first through the cache: loadImageToCanvas logs a failed load as a console error,
    // and a thumbnail that fails to decode only leaves a black square; the refusal list says why.
    imageLoader
      .loadAndCacheImage(imageId)
      // loadImageToCanvas draws with WebGL unless told otherwise, whatever the viewer chose:
      // on a software rasterizer that is a second WebGL renderer, started beside the first image.
      .then(() => utilities.loadImageToCanvas({ canvas: target, imageId, thumbnail: true, useCPURendering: getShouldUseCPURendering() }))
      .catch(() => undefined);
  }, [imageId]);
  return <canvas ref={canvas} width={96} height={96} className="thumbnail" />;
});

/** What the extensions say of a series, from its attributes (e.g. a kind of acquisition they recognise). */
export type SeriesInfoOf = (series: SeriesModel) => Record<string, unknown>[];

function SeriesCard({
  series,
  services,
  loading,
  labels,
}: {
  series: SeriesModel;
  services: ViewerServices;
  loading: boolean;
  labels: string[];
}) {
  // The middle slice tells more about a series than its first, usually empty, slice; while the
  // series is still arriving the middle moves, so keep the first image found until it is done.
  const firstSeen = useRef(series.imageIds[0]);
  const thumbnailId = loading ? firstSeen.current : series.imageIds[Math.floor(series.imageIds.length / 2)];
  const open = (): void => {
    services.commands.run('viewer.show', { seriesInstanceUID: series.seriesInstanceUID }).catch((error: unknown) => {
      services.notifications.show('error', errorMessage(error));
    });
  };
  return (
    <li
      className="series-card"
      data-testid="series-card"
      draggable
      tabIndex={0}
      role="button"
      aria-label={`${series.modality} ${[series.description, ...labels].join(', ')}, ${series.imageIds.length} images: show in the active viewport`}
      title="Click or Enter: show in the active viewport; or drag onto a viewport"
      onDragStart={(e) => e.dataTransfer.setData(SERIES_DRAG_TYPE, series.seriesInstanceUID)}
      onClick={open}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        // Enter and Space belong to the card: the viewer's hotkeys must not act on them too.
        event.preventDefault();
        event.stopPropagation();
        open();
      }}
    >
      {thumbnailId && <Thumbnail imageId={thumbnailId} />}
      <div className="series-text">
        <span className="series-modality">{series.modality}</span>
        <span className="series-description">{series.description}</span>
        {labels.map((label) => (
          <span key={label} className="series-label" data-testid="series-label">
            {label}
          </span>
        ))}
        <span className="series-count">{series.imageIds.length} images</span>
      </div>
    </li>
  );
}

/** Studies and their series, with thumbnails; click or drag a series into a viewport. */
export function SeriesBrowser({ services, seriesInfo }: { services: ViewerServices; seriesInfo: SeriesInfoOf }) {
  const data = services.data;
  useStore(data);
  const loading = data.state().active;
  // One patient at a time: another patient's series are behind their tab in the switcher.
  const studies = data.activeStudies();
  return (
    <nav className="series-browser" aria-label="Series">
      <PatientSwitcher services={services} />
      {studies.length === 0 && <p className="empty">Drop DICOM files or a folder here, or use Open.</p>}
      {studies.map((study) => (
        <section key={study.studyInstanceUID} className="study">
          <header className="study-head">
            <div>{study.patientName.replace(/\^/g, ' ') || 'Anonymous'}</div>
            <div className="dim">
              {formatDate(study.studyDate)} {study.description}
            </div>
          </header>
          <ul>
            {study.series.map((series) => (
              <SeriesCard
                key={series.seriesInstanceUID}
                series={series}
                services={services}
                loading={loading}
                labels={seriesLabels(seriesInfo(series))}
              />
            ))}
          </ul>
          {study.documents.length > 0 && (
            <ul className="documents">
              {study.documents.map((d) => (
                <li key={d.sopInstanceUID} className="document" title={d.source.name}>
                  {d.modality} · {d.description}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <PriorsList services={services} />
    </nav>
  );
}
