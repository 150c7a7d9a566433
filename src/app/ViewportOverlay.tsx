import { useEffect, useState } from 'react';
import { Enums, utilities } from '@cornerstonejs/core';
import type { HostServices } from '../extensions/hostServices';
import { instanceStore, parseImageId } from '../data/instanceStore';
import { slicePositionOf } from '../geometry/imagePlane';
import { edgeMarkers, type Vec3 } from '../cornerstone/orientation';
import { useStore } from './useStore';

interface OverlayText {
  patient: string;
  patientId: string;
  studyDate: string;
  series: string;
  imageIndex: number;
  imageCount: number;
  location: string;
  window: string;
  zoom: string;
  /** How lengths on this image are calibrated, when not by PixelSpacing; '' when they are. */
  calibration: string;
  markers: { top: string; bottom: string; left: string; right: string };
}

function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** DICOM's linear VOI function makes width 400 span 399 values; show the width the user set. */
function formatWindow(lower: number, upper: number): string {
  const { windowWidth, windowCenter } = utilities.windowLevel.toWindowLevel(lower, upper);
  return `W ${Math.round(windowWidth)} L ${Math.round(windowCenter)}`;
}

function readOverlay(services: HostServices, index: number): OverlayText | null {
  const viewport = services.viewports.viewport(index);
  const imageId = viewport?.getCurrentImageId();
  const parsed = imageId ? parseImageId(imageId) : null;
  const instance = parsed ? instanceStore.get(parsed.key) : undefined;
  if (!viewport || !instance) return null;
  const { header } = instance;
  const { voiRange } = viewport.getProperties();
  const camera = viewport.getCamera();
  const plane = services.geometry.plane(imageId as string);
  const position = plane ? slicePositionOf(plane) : null;
  const sources = services.geometry.calibrationSources(imageId as string);
  // A CPU viewport between stacks has no zoom yet.
  const zoom = viewport.getZoom() as number | undefined;
  return {
    patient: header.patientName.replace(/\^/g, ' '),
    patientId: header.patientID,
    studyDate: formatDate(header.studyDate),
    series: header.seriesDescription,
    imageIndex: viewport.getCurrentImageIdIndex() + 1,
    imageCount: viewport.getImageIds().length,
    location: position === null ? '' : `Loc ${position.toFixed(1)} mm`,
    window: voiRange ? formatWindow(voiRange.lower, voiRange.upper) : '',
    zoom: typeof zoom === 'number' && Number.isFinite(zoom) ? `Zoom ${zoom.toFixed(2)}×` : '',
    calibration: sources.pixelSpacing
      ? ''
      : sources.imagerPixelSpacing
        ? 'Lengths at detector (Imager Pixel Spacing)'
        : sources.ultrasoundRegions.length > 0
          ? 'Lengths from ultrasound regions'
          : 'Uncalibrated: no pixel spacing',
    // Letters need the file's orientation: the default plane of an image without one is a guess.
    markers:
      plane?.hasOrientation && camera.viewUp && camera.viewPlaneNormal
        ? edgeMarkers(camera.viewUp as unknown as Vec3, camera.viewPlaneNormal as unknown as Vec3)
        : { top: '', bottom: '', left: '', right: '' },
  };
}

/**
 * The overlay follows a fast scroll at this pace rather than at every image. Any change of the
 * page's elements costs the page's thread a style, layout and paint pass of ~1.4 ms on the
 * bench machine, against none when only the image's canvas changes: at 60 images/s that was a
 * tenth of every frame, and scrolling a 1,000-slice series while it loaded fell below 55
 * frames/s. At 20 updates/s the number still reads as it runs, a slower scroll (a wheel click,
 * a key, cine up to 20 images/s) shows every image's number, and the last one always shows.
 */
const OVERLAY_INTERVAL_MS = 50;

/** Corner text, orientation letters and the slice slider of one viewport. */
export function ViewportOverlay({ index, services }: { index: number; services: HostServices }) {
  const element = useStore(services.viewports, () => services.viewports.element(index));
  const [text, setText] = useState<OverlayText | null>(null);

  useEffect(() => {
    if (!element) return;
    let frame = 0;
    let timer = 0;
    let shownAt = -Infinity;
    const show = (): void => {
      frame = 0;
      shownAt = performance.now();
      setText(readOverlay(services, index));
    };
    const refresh = (): void => {
      if (frame || timer) return;
      // At most one overlay update per animation frame, and while renders come faster than
      // OVERLAY_INTERVAL_MS (a scroll, a window drag), one per interval, the last one included.
      const wait = shownAt + OVERLAY_INTERVAL_MS - performance.now();
      if (wait <= 0) frame = requestAnimationFrame(show);
      else
        timer = window.setTimeout(() => {
          timer = 0;
          frame = requestAnimationFrame(show);
        }, wait);
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, refresh);
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, refresh);
    refresh();
    return () => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, refresh);
      element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, refresh);
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [element, index, services]);

  if (!text) return null;
  return (
    <div className="overlay" data-testid={`overlay-${index}`}>
      <div className="corner top-left">
        <div data-testid="ov-patient">{text.patient}</div>
        <div>{text.patientId}</div>
        <div>{text.studyDate}</div>
        {text.calibration && (
          <div className="warn" data-testid="ov-calibration">
            {text.calibration}
          </div>
        )}
      </div>
      <div className="corner top-right">
        <div>{text.series}</div>
        <div data-testid="ov-image">
          Im {text.imageIndex} / {text.imageCount}
        </div>
        <div>{text.location}</div>
      </div>
      <div className="corner bottom-right">
        <div data-testid="ov-window">{text.window}</div>
        <div data-testid="ov-zoom">{text.zoom}</div>
      </div>
      <span className="marker top">{text.markers.top}</span>
      <span className="marker bottom">{text.markers.bottom}</span>
      <span className="marker left" data-testid="ov-marker-left">
        {text.markers.left}
      </span>
      <span className="marker right">{text.markers.right}</span>
      {text.imageCount > 1 && (
        <input
          className="slice-slider"
          type="range"
          aria-label="Image"
          min={1}
          max={text.imageCount}
          value={text.imageIndex}
          onChange={(e) => {
            services.data.readingPace.scrolled();
            void services.viewports.viewport(index)?.setImageIdIndex(Number(e.target.value) - 1);
          }}
        />
      )}
    </div>
  );
}
