import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ViewerServices } from '../extensions/hostServices';
import type { ExtensionRegistry } from '../extensions/extensionRegistry';
import { droppedSources, fileSources } from '../data/sources';
import type { UiState } from './uiState';
import { Toolbar } from './Toolbar';
import { SeriesBrowser } from './SeriesBrowser';
import { ViewportGrid } from './ViewportGrid';
import { PanelHost } from './PanelHost';
import { LoadStatus } from './LoadStatus';
import { ShortcutsHelp } from './ShortcutsHelp';
import { Notices } from './Notices';
import { StudyList } from './StudyList';
import { CredentialsDialog } from './CredentialsDialog';
import { useHotkeys } from './useHotkeys';
import { useStore } from './useStore';

export function App({ services, registry, ui }: { services: ViewerServices; registry: ExtensionRegistry; ui: UiState }) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement | null>(null);
  const [dragging, setDragging] = useState(false);
  // Extensions register after the first image: their buttons, panels and keys appear then.
  useStore(registry);
  useHotkeys(registry.hotkeys, services);

  useEffect(() => {
    ui.registerPickers({ files: () => filesInput.current?.click(), folder: () => folderInput.current?.click() });
  }, [ui]);

  const loadFiles = useCallback(
    (files: FileList | null) => {
      if (files && files.length > 0) void services.data.load(fileSources(files));
    },
    [services],
  );

  const onDrop = useCallback(
    async (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return;
      event.preventDefault();
      setDragging(false);
      const sources = await droppedSources(event.dataTransfer.items);
      if (sources.length > 0) void services.data.load(sources);
    },
    [services],
  );

  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <Toolbar rows={registry.toolbarRows} reserveRow={registry.awaiting()} services={services} />
      <div className="workspace">
        <SeriesBrowser services={services} seriesInfo={(series) => registry.seriesInfo.map((provide) => provide(series))} />
        <ViewportGrid services={services} />
        <PanelHost panels={registry.panels} reserve={registry.awaiting()} services={services} />
      </div>
      <LoadStatus data={services.data} />
      <Notices notifications={services.notifications} />
      <ShortcutsHelp ui={ui} hotkeys={registry.hotkeys} help={registry.help} />
      <StudyList services={services} />
      <CredentialsDialog dicomweb={services.dicomweb} />
      {dragging && <div className="drop-hint">Drop DICOM files or folders to open them</div>}
      <input ref={filesInput} data-testid="file-input" type="file" multiple hidden onChange={(e) => loadFiles(e.target.files)} />
      <input
        ref={(el) => {
          folderInput.current = el;
          el?.setAttribute('webkitdirectory', '');
        }}
        data-testid="folder-input"
        type="file"
        multiple
        hidden
        onChange={(e) => loadFiles(e.target.files)}
      />
    </div>
  );
}
