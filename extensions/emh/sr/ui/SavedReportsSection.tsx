import { PanelSection } from '../../shared/ui/PanelSection';

export interface SavedReportRow {
  key: string;
  description: string;
  /** YYYYMMDDHHMMSS or ''. */
  dateTime: string;
}

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'failed'; message: string };

function when(dateTime: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(dateTime);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : 'date unknown';
}

/**
 * The measurement reports of the open studies, newest first, each loadable into the case;
 * and, for a study from a PACS, saving the case's report back to it with what happened.
 */
export function SavedReportsSection({
  reports,
  pacs,
  status,
  onLoad,
  onSave,
}: {
  reports: SavedReportRow[];
  /** The PACS the report would go to, or null for local files. */
  pacs: string | null;
  status: SaveStatus;
  onLoad: (key: string) => void;
  onSave: () => void;
}) {
  if (reports.length === 0 && !pacs) return null;
  return (
    <PanelSection title="Saved reports" summary={reports.length === 0 ? 'none' : `${reports.length}`} testId="saved-reports">
      {pacs && (
        <div className="emh-pacs-save">
          <button type="button" data-testid="save-pacs" disabled={status.kind === 'saving'} onClick={onSave}>
            {status.kind === 'failed' ? 'Retry saving to PACS' : 'Save to PACS'}
          </button>
          <span
            className={`emh-pacs-status ${status.kind}`}
            data-testid="save-pacs-status"
            role={status.kind === 'failed' ? 'alert' : 'status'}
          >
            {status.kind === 'saving' && 'Saving…'}
            {status.kind === 'saved' && `Saved at ${status.at.toLocaleTimeString()}`}
            {status.kind === 'failed' && `Not saved: ${status.message}. The case is kept in this browser.`}
          </span>
        </div>
      )}
      {reports.length > 0 && (
        <ul className="emh-report-list">
          {reports.map((report, index) => (
            <li key={report.key} data-testid="saved-report">
              <span>
                {when(report.dateTime)} {index === 0 && reports.length > 1 && <em>(latest)</em>}
                <span className="emh-dim"> {report.description}</span>
              </span>
              <button type="button" data-testid={index === 0 ? 'load-latest-report' : undefined} onClick={() => onLoad(report.key)}>
                {index === 0 ? 'Load latest' : 'Load'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </PanelSection>
  );
}
