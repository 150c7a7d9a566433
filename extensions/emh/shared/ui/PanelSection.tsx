import { useId, useState, type ReactNode } from 'react';

/**
 * A titled block of the panel that the reader can fold away (the liver summary is done
 * long before the last lesion is measured). Folding is the reader's own act, so the
 * layout change it causes is expected.
 */
export function PanelSection({
  title,
  summary,
  testId,
  children,
}: {
  title: string;
  /** A few words shown beside the title, still visible when folded. */
  summary?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  return (
    <section className="emh-section" data-testid={testId}>
      <h3 className="emh-section-head">
        <button type="button" className="emh-fold" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((value) => !value)}>
          <span className="emh-fold-mark" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title}
        </button>
        {summary !== undefined && <span className="emh-section-summary">{summary}</span>}
      </h3>
      <div id={bodyId} className="emh-section-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
