import { useState } from 'react';
import type { HostServices } from '../extensions/hostServices';
import type { PanelDefinition } from '../extensions/types';

/**
 * The right-hand side panels that extensions contribute, one tab each. `reserve`: panels are
 * still to come, and their column is kept (empty) so that the viewports do not resize then.
 */
export function PanelHost({ panels, reserve, services }: { panels: PanelDefinition[]; reserve: boolean; services: HostServices }) {
  const [activeId, setActiveId] = useState(panels[0]?.id);
  if (panels.length === 0) return reserve ? <aside className="panel-host" aria-busy="true" data-testid="panels-reserved" /> : null;
  const active = panels.find((p) => p.id === activeId) ?? panels[0];
  const Panel = active.component;
  return (
    <aside className="panel-host">
      <nav className="panel-tabs">
        {panels.map((panel) => (
          <button key={panel.id} className={panel.id === active.id ? 'pressed' : ''} onClick={() => setActiveId(panel.id)}>
            {panel.label}
          </button>
        ))}
      </nav>
      <div className="panel-body">
        <Panel services={services} />
      </div>
    </aside>
  );
}
