import { useCallback, useLayoutEffect, useRef, type DragEvent } from 'react';
import type { ViewerServices } from '../extensions/hostServices';
import { SERIES_DRAG_TYPE } from './SeriesBrowser';
import { ViewportOverlay } from './ViewportOverlay';
import { MprGrid } from './MprGrid';
import { useStore } from './useStore';
import { errorMessage } from '../util/errorMessage';

const CELLS = { '1x1': 1, '1x2': 2, '2x2': 4 } as const;

function ViewportCell({ index, services, active }: { index: number; services: ViewerServices; active: boolean }) {
  const element = useRef<HTMLDivElement>(null);
  const { viewports } = services;

  useLayoutEffect(() => {
    const el = element.current;
    if (!el) return;
    viewports.attach(index, el);
    // A cell changes size with the layout and the window; the canvas must follow, or the
    // image is drawn stretched.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => viewports.resize());
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      viewports.detach(index);
    };
  }, [index, viewports]);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const uid = event.dataTransfer.getData(SERIES_DRAG_TYPE);
      if (!uid) return;
      event.preventDefault();
      event.stopPropagation();
      viewports.showSeries(uid, { viewport: index }).catch((error: unknown) => {
        services.notifications.show('error', errorMessage(error));
      });
    },
    [index, services, viewports],
  );

  return (
    <div
      className={`viewport-cell${active ? ' active' : ''}`}
      data-testid={`viewport-${index}`}
      onMouseDownCapture={(event) => {
        viewports.setActive(index);
        // Picking a matching pair of points: the click is a point, not the start of a drag.
        if (event.button === 0 && services.priors.linking()) {
          event.stopPropagation();
          event.preventDefault();
          try {
            services.priors.linkClick(index, event.clientX, event.clientY);
          } catch (error) {
            services.notifications.show('error', errorMessage(error));
          }
        }
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(SERIES_DRAG_TYPE)) e.preventDefault();
      }}
      onDrop={onDrop}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div className="viewport-element" ref={element} />
      <ViewportOverlay index={index} services={services} />
    </div>
  );
}

/** The 1x1, 1x2 or 2x2 grid, or the reformat views; the active viewport is outlined. */
export function ViewportGrid({ services }: { services: ViewerServices }) {
  const { viewports } = services;
  const state = useStore(viewports, () => viewports.snapshot());
  if (state.mpr) return <MprGrid services={services} />;
  const count = CELLS[state.layout];
  return (
    <main className={`viewport-grid layout-${state.layout}`}>
      {Array.from({ length: count }, (_, index) => (
        <ViewportCell key={index} index={index} services={services} active={index === state.activeIndex} />
      ))}
    </main>
  );
}
