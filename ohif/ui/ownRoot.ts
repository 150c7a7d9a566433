/**
 * A panel of ours inside OHIF's React tree. OHIF does not share its React, so our components
 * (with our hooks) cannot be rendered by it: OHIF gets a hook-free component that renders an
 * empty div, and our React mounts its own root into that div. OHIF also runs React 18.3, so
 * the div element made by our createElement is one it accepts.
 */
import { createElement, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { OhifComponent } from '../ohifTypes';

/**
 * The ref callback is made once per panel, not per render: React calls a ref again only when
 * its identity changes, so our root stays mounted across OHIF's re-renders.
 */
export function panelInOwnRoot(name: string, render: () => ReactElement): OhifComponent {
  let root: Root | null = null;
  const mount = (element: HTMLDivElement | null): void => {
    if (element) {
      root = createRoot(element);
      root.render(render());
    } else if (root) {
      // Unmounted after OHIF's commit: unmounting our root inside it would warn.
      const leaving = root;
      root = null;
      queueMicrotask(() => leaving.unmount());
    }
  };
  const Panel = (): ReactElement => createElement('div', { ref: mount, className: 'emh-ohif-panel', 'data-emh-panel': name });
  Panel.displayName = `EmhPanel(${name})`;
  return Panel as unknown as OhifComponent;
}
