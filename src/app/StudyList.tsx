import { useState, type FormEvent } from 'react';
import type { HostServices } from '../extensions/hostServices';
import type { StudySearch, StudySummary } from '../data/dicomweb/dicomJson';
import { useStore } from './useStore';
import { errorMessage } from '../util/errorMessage';

const MODALITIES = ['', 'CT', 'MR', 'SR', 'CR', 'DX', 'US', 'PT', 'NM'];

function displayDate(date: string): string {
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date;
}

function displayName(name: string): string {
  return name.replace(/\^+/g, ', ').replace(/, $/, '');
}

/**
 * The PACS study list (QIDO-RS): search by name, ID, date range and modality; a click opens
 * the study. Without a connected server it asks for the DICOMweb URL first.
 */
export function StudyList({ services }: { services: HostServices }) {
  const { dicomweb, notifications } = services;
  const state = useStore(dicomweb, () => dicomweb.state());
  const [search, setSearch] = useState<StudySearch>({});
  const [serverUrl, setServerUrl] = useState('/dicom-web');
  if (!state.open) return null;

  const runSearch = (event?: FormEvent): void => {
    event?.preventDefault();
    dicomweb.search(search).catch(() => undefined); // the list shows the error
  };
  const connect = (event: FormEvent): void => {
    event.preventDefault();
    dicomweb.connect(serverUrl);
    runSearch();
  };
  const open = (study: StudySummary): void => {
    dicomweb.openStudy(study.studyInstanceUID).catch((error: unknown) => {
      notifications.show('error', `Could not open the study: ${errorMessage(error)}`);
    });
  };
  const field = (name: keyof StudySearch) => ({
    value: search[name] ?? '',
    onChange: (e: { target: { value: string } }) => setSearch({ ...search, [name]: e.target.value }),
  });

  return (
    <div
      className="study-list"
      role="dialog"
      aria-label="PACS study list"
      data-testid="study-list"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        dicomweb.setListOpen(false);
      }}
    >
      <div className="study-list-head">
        <strong>Studies on {state.server ?? 'no PACS'}</strong>
        <button aria-label="Close" onClick={() => dicomweb.setListOpen(false)}>
          ×
        </button>
      </div>
      {!state.server ? (
        <form className="study-search" onSubmit={connect}>
          <label>
            DICOMweb URL <input data-testid="pacs-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
          </label>
          <button type="submit">Connect</button>
        </form>
      ) : (
        <form className="study-search" onSubmit={runSearch}>
          <label>
            Patient name <input data-testid="search-name" {...field('patientName')} placeholder="any part" />
          </label>
          <label>
            Patient ID <input data-testid="search-id" {...field('patientID')} />
          </label>
          <label>
            From <input data-testid="search-from" type="date" {...field('dateFrom')} />
          </label>
          <label>
            To <input data-testid="search-to" type="date" {...field('dateTo')} />
          </label>
          <label>
            Modality
            <select data-testid="search-modality" {...field('modality')}>
              {MODALITIES.map((m) => (
                <option key={m} value={m}>
                  {m || 'any'}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" data-testid="search-run" disabled={state.searching}>
            {state.searching ? 'Searching…' : 'Search'}
          </button>
        </form>
      )}
      {state.error && (
        <div className="study-list-error" role="alert">
          {state.error}
        </div>
      )}
      <table className="study-table">
        <thead>
          <tr>
            <th>Patient</th>
            <th>ID</th>
            <th>Date</th>
            <th>Modalities</th>
            <th>Description</th>
            <th>Series</th>
          </tr>
        </thead>
        <tbody>
          {state.studies.map((study) => (
            <tr
              key={study.studyInstanceUID}
              data-testid="study-row"
              tabIndex={0}
              onClick={() => open(study)}
              onKeyDown={(e) => e.key === 'Enter' && open(study)}
            >
              <td>{displayName(study.patientName)}</td>
              <td>{study.patientID}</td>
              <td>{displayDate(study.studyDate)}</td>
              <td>{study.modalities.join(', ')}</td>
              <td>{study.description}</td>
              <td className="num">{study.seriesCount ?? ''}</td>
            </tr>
          ))}
          {state.server && !state.searching && state.studies.length === 0 && !state.error && (
            <tr>
              <td colSpan={6} className="empty">
                No study matches.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
