import { useEffect, useState, type FormEvent } from 'react';
import type { DicomwebCredentials } from '../data/dicomweb/dicomwebServer';
import type { DicomwebService } from '../data/dicomweb/dicomwebService';

interface Pending {
  server: string;
  failed: boolean;
  resolve: (credentials: DicomwebCredentials | null) => void;
}

/**
 * Asks for PACS credentials when the server answers 401: user name and password (Basic) or a
 * token (Bearer). Nothing is stored: the credentials live in memory for this page.
 */
export function CredentialsDialog({ dicomweb }: { dicomweb: DicomwebService }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [kind, setKind] = useState<'basic' | 'bearer'>('basic');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');

  useEffect(() => {
    dicomweb.setPrompt((server, failed) => new Promise((resolve) => setPending({ server, failed, resolve })));
    return () => dicomweb.setPrompt(null);
  }, [dicomweb]);
  if (!pending) return null;

  const finish = (credentials: DicomwebCredentials | null): void => {
    pending.resolve(credentials);
    setPending(null);
    setPassword('');
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    finish(kind === 'basic' ? { kind, username, password } : { kind, token });
  };

  return (
    <div className="modal-backdrop">
      <form
        className="credentials"
        role="dialog"
        aria-modal="true"
        aria-label="PACS sign-in"
        data-testid="credentials-dialog"
        onSubmit={submit}
        onKeyDown={(event) => {
          if (event.key === 'Escape') finish(null);
        }}
      >
        <strong>Sign in to the PACS</strong>
        <div className="credentials-server">{pending.server}</div>
        {pending.failed && (
          <div className="credentials-error" role="alert">
            The PACS refused these credentials. Try again.
          </div>
        )}
        <div className="credentials-kind">
          <label>
            <input type="radio" checked={kind === 'basic'} onChange={() => setKind('basic')} /> User name and password
          </label>
          <label>
            <input type="radio" checked={kind === 'bearer'} onChange={() => setKind('bearer')} /> Token
          </label>
        </div>
        {kind === 'basic' ? (
          <>
            <label>
              User name{' '}
              <input
                data-testid="pacs-username"
                autoFocus
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </label>
            <label>
              Password{' '}
              <input
                data-testid="pacs-password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          </>
        ) : (
          <label>
            Bearer token <input data-testid="pacs-token" autoFocus value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
        )}
        <div className="credentials-actions">
          <button type="button" onClick={() => finish(null)}>
            Cancel
          </button>
          <button type="submit" data-testid="pacs-sign-in">
            Sign in
          </button>
        </div>
      </form>
    </div>
  );
}
