import { Enums, eventTarget, getEnabledElement, type Types } from '@cornerstonejs/core';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import { dot, segmentCrossing, type Vec3 } from '../lesions/rules/measurementPlane';
import { ellipseCrossings, ellipseOfEnds } from '../volumes/rules/ellipseInPlane';
import { isAnnotationSource } from './annotationMapping';

/**
 * A measurement made in a reformat is drawn by Cornerstone in the view of its own plane. The
 * other reformat views show where its axes (or an ROI's outline) cross their plane: a small
 * ring with the lesion id (an organ ROI: its organ or role),
 * kept in an overlay of each view, placed again every time the view is drawn (scrolled,
 * panned, zoomed, moved by the crosshairs).
 */

const PARALLEL = 1 - 1e-6;

export class ReformatMarkers {
  private readonly watched = new Set<HTMLDivElement>();

  constructor(private readonly store: EmhInventoryStore) {}

  start(): void {
    eventTarget.addEventListener(Enums.Events.ELEMENT_ENABLED, this.onEnabled);
    this.stopFollowingStore = this.store.subscribe(() => {
      for (const element of this.watched) this.place(element);
    });
  }

  stop(): void {
    eventTarget.removeEventListener(Enums.Events.ELEMENT_ENABLED, this.onEnabled);
    this.stopFollowingStore();
    for (const element of this.watched) {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      overlayOf(element)?.remove();
    }
    this.watched.clear();
  }

  private stopFollowingStore: () => void = () => undefined;

  private readonly onEnabled = (event: Event): void => {
    const { element } = (event as CustomEvent<{ element: HTMLDivElement }>).detail;
    const viewport = getEnabledElement(element)?.viewport;
    if (!viewport || viewport.type !== Enums.ViewportType.ORTHOGRAPHIC || this.watched.has(element)) return;
    this.watched.add(element);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
  };

  private readonly onRendered = (event: Event): void => {
    this.place((event as CustomEvent<{ element: HTMLDivElement }>).detail.element);
  };

  private place(element: HTMLDivElement): void {
    const viewport = getEnabledElement(element)?.viewport;
    if (!element.isConnected || !viewport) {
      this.watched.delete(element);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      return;
    }
    const { viewPlaneNormal, focalPoint } = viewport.getCamera();
    const overlay = overlayOf(element) ?? makeOverlay(element);
    const markers: { x: number; y: number; lesionId: string }[] = [];
    if (viewPlaneNormal && focalPoint) {
      const normal = viewPlaneNormal as unknown as Vec3;
      const origin = focalPoint as unknown as Vec3;
      for (const record of this.store.state().annotations) {
        if (!record.plane) continue;
        // In its own plane Cornerstone draws the measurement itself.
        if (Math.abs(dot(record.plane.viewPlaneNormal, normal)) > PARALLEL) continue;
        if (record.kind !== 'lesionAxes') {
          // An ROI: where its outline crosses this view, named by its lesion or its organ.
          const ends = isAnnotationSource(record.source) && record.source.world ? record.source.points : [];
          if (ends.length !== 4) continue;
          const label = record.lesionId ?? (record.kind === 'huRoi' ? record.organ : record.role);
          for (const crossing of ellipseCrossings(ellipseOfEnds(ends as unknown as [Vec3, Vec3, Vec3, Vec3]), normal, origin)) {
            const [x, y] = viewport.worldToCanvas([...crossing] as Types.Point3);
            markers.push({ x, y, lesionId: label });
          }
          continue;
        }
        if (record.axes.space !== 'mm') continue;
        for (const axis of [record.axes.longAxis, record.axes.shortAxis]) {
          const crossing = segmentCrossing(axis as [Vec3, Vec3], normal, origin);
          if (!crossing) continue;
          const [x, y] = viewport.worldToCanvas([...crossing] as Types.Point3);
          markers.push({ x, y, lesionId: record.lesionId ?? '' });
        }
      }
    }
    overlay.replaceChildren(...markers.map(markerElement));
  }
}

function overlayOf(element: HTMLDivElement): HTMLDivElement | null {
  return element.querySelector<HTMLDivElement>(':scope > .emh-plane-markers');
}

function makeOverlay(element: HTMLDivElement): HTMLDivElement {
  const overlay = document.createElement('div');
  overlay.className = 'emh-plane-markers';
  overlay.style.cssText = 'position:absolute;inset:0;pointer-events:none;overflow:hidden;z-index:2';
  element.append(overlay);
  return overlay;
}

/** A ring of 10 px where an axis crosses the view, with the lesion's id beside it. */
function markerElement({ x, y, lesionId }: { x: number; y: number; lesionId: string }): HTMLElement {
  const marker = document.createElement('div');
  marker.dataset.testid = 'emh-plane-marker';
  marker.dataset.lesionId = lesionId;
  marker.title = `${lesionId} crosses this plane here`;
  marker.style.cssText = `position:absolute;left:${x - 5}px;top:${y - 5}px;width:10px;height:10px;border:2px solid rgb(255,215,0);border-radius:50%;box-sizing:border-box`;
  const label = document.createElement('span');
  label.textContent = lesionId;
  label.style.cssText = 'position:absolute;left:12px;top:-6px;color:rgb(255,215,0);font:12px sans-serif;text-shadow:0 0 2px #000';
  marker.append(label);
  return marker;
}
