import { useEffect, useRef, useState } from 'react';
import { Enums, utilities } from '@cornerstonejs/core';
import type { ViewerServices } from '../extensions/hostServices';
import { MPR_PLANES, type MprPlane } from '../cornerstone/mprService';
import { edgeMarkers, type Vec3 } from '../cornerstone/orientation';
import { SLAB_THICKNESSES_MM } from '../geometry/volumeStack';
import { useStore } from './useStore';
import { errorMessage } from '../util/errorMessage';

const PLANE_LABEL: Record<MprPlane, string> = { axial: 'Axial', sagittal: 'Sagittal', coronal: 'Coronal' };

interface ViewText {
  window: string;
  markers: { top: string; bottom: string; left: string; right: string };
}

function readView(services: ViewerServices, plane: MprPlane): ViewText | null {
  const viewport = services.viewports.mpr.viewport(plane);
  if (!viewport) return null;
  const camera = viewport.getCamera();
  const range = viewport.getProperties()?.voiRange;
  const window = range ? utilities.windowLevel.toWindowLevel(range.lower, range.upper) : null;
  return {
    window: window ? `W ${Math.round(window.windowWidth)} L ${Math.round(window.windowCenter)}` : '',
    markers:
      camera.viewUp && camera.viewPlaneNormal
        ? edgeMarkers(camera.viewUp as unknown as Vec3, camera.viewPlaneNormal as unknown as Vec3)
        : { top: '', bottom: '', left: '', right: '' },
  };
}

function MprCell({ plane, services, active }: { plane: MprPlane; services: ViewerServices; active: boolean }) {
  const element = useRef<HTMLDivElement>(null);
  const { mpr } = services.viewports;
  const [text, setText] = useState<ViewText | null>(null);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    mpr.attach(plane, el);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => mpr.resize());
    });
    observer.observe(el);
    let overlayFrame = 0;
    // One overlay update per animation frame however many renders happen in it.
    const refresh = (): void => {
      if (overlayFrame) return;
      overlayFrame = requestAnimationFrame(() => {
        overlayFrame = 0;
        setText(readView(services, plane));
      });
    };
    el.addEventListener(Enums.Events.IMAGE_RENDERED, refresh);
    return () => {
      el.removeEventListener(Enums.Events.IMAGE_RENDERED, refresh);
      cancelAnimationFrame(frame);
      cancelAnimationFrame(overlayFrame);
      observer.disconnect();
      mpr.detach(plane);
    };
  }, [plane, mpr, services]);

  const slab = useStore(mpr, () => mpr.slabOf(plane).thickness);
  return (
    <div
      className={`viewport-cell${active ? ' active' : ''}`}
      data-testid={`mpr-${plane}`}
      onMouseDownCapture={() => mpr.setActive(plane)}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div className="viewport-element" ref={element} />
      {text && (
        <div className="overlay mpr-overlay" data-testid={`mpr-overlay-${plane}`}>
          <div className="corner top-left">
            <div>{PLANE_LABEL[plane]}</div>
            <label className="mpr-slab">
              MIP{' '}
              <select
                aria-label={`${PLANE_LABEL[plane]} slab (MIP)`}
                data-testid={`mpr-slab-${plane}`}
                value={Math.round(slab)}
                onChange={(event) => {
                  try {
                    mpr.setActive(plane);
                    const thickness = Number(event.target.value);
                    mpr.setSlab(thickness, thickness > 0 ? 'mip' : 'none');
                  } catch (error) {
                    services.notifications.show('error', errorMessage(error));
                  }
                }}
              >
                {SLAB_THICKNESSES_MM.map((mm) => (
                  <option key={mm} value={mm}>
                    {mm === 0 ? 'off' : `${mm} mm`}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="corner bottom-right">
            <div data-testid="ov-window">{text.window}</div>
          </div>
          <span className="marker top">{text.markers.top}</span>
          <span className="marker bottom">{text.markers.bottom}</span>
          <span className="marker left" data-testid="ov-marker-left">
            {text.markers.left}
          </span>
          <span className="marker right" data-testid="ov-marker-right">
            {text.markers.right}
          </span>
        </div>
      )}
    </div>
  );
}

/** Axial, sagittal and coronal reformats side by side; the active view is outlined. */
export function MprGrid({ services }: { services: ViewerServices }) {
  const { mpr } = services.viewports;
  const active = useStore(mpr, () => mpr.activePlane);
  return (
    <main className="viewport-grid layout-mpr">
      {MPR_PLANES.map((plane) => (
        <MprCell key={plane} plane={plane} services={services} active={plane === active} />
      ))}
    </main>
  );
}
