import { api } from 'dicomweb-client';
import {
  type DicomJsonDataset,
  type StudySearch,
  type StudySummary,
  isDicomJsonDataset,
  jsonString,
  TAG,
  sortStudies,
  studyQuery,
  studySummary,
} from './dicomJson';
import type { WadoFrame } from './part10FromWado';
import { hasEarlyFrames, takeEarlyFrames, takeEarlyResponse } from '../earlyFetch';
import { boundaryOf, multipartParts } from './multipart';
import { allFrames, FRAMES_ACCEPT, framesUrl } from './wadoFrames';
import { openingInstanceQuery } from './openingOrder';

/** Basic (user name and password) or bearer-token credentials for a DICOMweb server. */
export type DicomwebCredentials = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

/** Asks the user for credentials after a 401; null when they cancel. */
export type CredentialsPrompt = (server: string, failed: boolean) => Promise<DicomwebCredentials | null>;

export type DicomwebFailure = 'unreachable' | 'unauthorized' | 'conflict' | 'not-found' | 'server-error' | 'refused';

/** A DICOMweb request that failed, told in words a radiologist can act on. */
export class DicomwebError extends Error {
  constructor(
    readonly failure: DicomwebFailure,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DicomwebError';
  }
}

/** `what` names the request when the failure is not about one file (a search, a store). */
export function describeStatus(status: number, what?: string): DicomwebError {
  const during = what ? ` while ${what}` : '';
  // 502-504 come from a proxy in front of a PACS that does not answer.
  if (status === 0 || status === 502 || status === 503 || status === 504) {
    return new DicomwebError('unreachable', status, `the PACS did not answer${during}: it may be down or the network interrupted`);
  }
  if (status === 401 || status === 403)
    return new DicomwebError('unauthorized', status, `the PACS refused the credentials (HTTP ${status})${during}`);
  if (status === 404) return new DicomwebError('not-found', status, `the PACS does not have it (HTTP 404)${during}`);
  if (status === 409)
    return new DicomwebError('conflict', status, `the PACS refused it: a conflict with what it holds (HTTP 409)${during}`);
  if (status >= 500) return new DicomwebError('server-error', status, `the PACS failed (HTTP ${status})${during}`);
  return new DicomwebError('refused', status, `the PACS answered HTTP ${status}${during}`);
}

function authorizationHeader(credentials: DicomwebCredentials | null): Record<string, string> {
  if (!credentials) return {};
  if (credentials.kind === 'bearer') return { Authorization: `Bearer ${credentials.token}` };
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  return { Authorization: `Basic ${btoa(String.fromCharCode(...bytes))}` };
}

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

const NO_RESPONSE_MS = 60_000;

interface MediaType {
  mediaType: string;
  transferSyntaxUID?: string;
}

/**
 * The calls of dicomweb-client used here, typed from its documentation: the declarations it
 * ships are generated from JSDoc and get several signatures wrong (frames as a string, results
 * as arrays instead of promises, required options that are optional).
 */
interface DicomwebClientCalls {
  headers: Record<string, string>;
  searchForStudies(options: { queryParams: Record<string, string> }): Promise<unknown>;
  searchForSeries(options: { studyInstanceUID: string }): Promise<unknown>;
  retrieveSeriesMetadata(options: { studyInstanceUID: string; seriesInstanceUID: string }): Promise<unknown>;
  searchForInstances(options: {
    studyInstanceUID: string;
    seriesInstanceUID: string;
    queryParams: Record<string, string>;
  }): Promise<unknown>;
  retrieveInstanceMetadata(options: InstanceUids): Promise<unknown>;
  retrieveInstanceFrames(options: InstanceUids & { frameNumbers: number[]; mediaTypes: MediaType[] }): Promise<unknown>;
  retrieveInstance(options: InstanceUids): Promise<unknown>;
  storeInstances(options: { datasets: ArrayBuffer[]; studyInstanceUID?: string }): Promise<unknown>;
}

interface DicomwebClientOptions {
  url: string;
  verbose: boolean;
  headers: Record<string, string>;
  requestHooks: ((request: XMLHttpRequest, metadata: unknown) => XMLHttpRequest)[];
}
const DicomwebClient = api.DICOMwebClient as unknown as new (options: DicomwebClientOptions) => DicomwebClientCalls;

/**
 * One DICOMweb server (QIDO-RS, WADO-RS, STOW-RS) through dicomweb-client. Every request goes
 * through `request`, which turns failures into DicomwebErrors and, on a 401, asks for
 * credentials once per burst of requests and retries with them.
 */
export class DicomwebServer {
  readonly url: string;
  private readonly client: DicomwebClientCalls;
  private credentials: DicomwebCredentials | null;
  private pendingPrompt: Promise<DicomwebCredentials | null> | null = null;
  prompt: CredentialsPrompt | null;

  constructor(url: string, options: { credentials?: DicomwebCredentials | null; prompt?: CredentialsPrompt } = {}) {
    this.url = new URL(url, location.href).href.replace(/\/+$/, '');
    this.credentials = options.credentials ?? null;
    this.prompt = options.prompt ?? null;
    this.client = new DicomwebClient({
      url: this.url,
      headers: authorizationHeader(this.credentials),
      // Failures are reported to the user in words; the console gets nothing from here.
      verbose: false,
      // A request that hears nothing for a minute is a server gone quiet, not a slow one.
      // (dicomweb-client only runs hooks declared with both parameters.)
      requestHooks: [
        (request: XMLHttpRequest, _metadata: unknown) => {
          request.timeout = NO_RESPONSE_MS;
          return request;
        },
      ],
    });
  }

  async searchStudies(search: StudySearch): Promise<StudySummary[]> {
    const found = await this.request('searching studies', () => this.client.searchForStudies({ queryParams: studyQuery(search) }));
    return sortStudies(datasets(found).map(studySummary));
  }

  async studySeries(studyInstanceUID: string): Promise<DicomJsonDataset[]> {
    const url = `${this.url}/studies/${studyInstanceUID}/series`;
    return datasets(await this.json(url, 'listing series', () => this.client.searchForSeries({ studyInstanceUID })));
  }

  async seriesMetadata(studyInstanceUID: string, seriesInstanceUID: string): Promise<DicomJsonDataset[]> {
    const url = `${this.url}/studies/${studyInstanceUID}/series/${seriesInstanceUID}/metadata`;
    return datasets(
      await this.json(url, 'reading series metadata', () => this.client.retrieveSeriesMetadata({ studyInstanceUID, seriesInstanceUID })),
    );
  }

  /**
   * QIDO-RS for the instance with this instance number: matched on the PACS's index, so it
   * answers at once where listing every instance of a thin-slice series reads every file.
   */
  async instanceByNumber(studyInstanceUID: string, seriesInstanceUID: string, instanceNumber: number): Promise<DicomJsonDataset[]> {
    const url = openingInstanceQuery(`${this.url}/studies/${studyInstanceUID}/series/${seriesInstanceUID}`, instanceNumber);
    return datasets(
      await this.json(url, 'finding an instance', () =>
        this.client.searchForInstances({
          studyInstanceUID,
          seriesInstanceUID,
          queryParams: { [TAG.instanceNumber]: String(instanceNumber) },
        }),
      ),
    );
  }

  /** Whether QIDO-RS lists this instance: a stored report counts as saved once the PACS lists it. */
  async hasInstance(uids: InstanceUids): Promise<boolean> {
    const found = await this.request('checking the stored report', () =>
      this.client.searchForInstances({
        studyInstanceUID: uids.studyInstanceUID,
        seriesInstanceUID: uids.seriesInstanceUID,
        queryParams: { [TAG.sopInstanceUID]: uids.sopInstanceUID },
      }),
    );
    return datasets(found).some((d) => jsonString(d, TAG.sopInstanceUID) === uids.sopInstanceUID);
  }

  async instanceMetadata(uids: InstanceUids): Promise<DicomJsonDataset[]> {
    const url = `${this.instanceUrl(uids)}/metadata`;
    return datasets(await this.json(url, 'reading instance metadata', () => this.client.retrieveInstanceMetadata(uids)));
  }

  /**
   * A JSON answer the page asked for before the viewer's code had loaded (earlyFetch), else the
   * client's request. An early answer that failed is asked again: that request words the
   * failure and asks for credentials.
   */
  private async json(url: string, what: string, send: () => Promise<unknown>): Promise<unknown> {
    const early = await takeEarlyResponse(url)?.catch(() => null);
    if (early?.ok) {
      const body: unknown = await early.json().catch(() => undefined);
      if (body !== undefined) return body;
    }
    return this.request(what, send);
  }

  /** Frames in the syntax the server holds them (`transfer-syntax=*`): no transcoding on the way. */
  async frames(uids: InstanceUids, frameNumbers: number[]): Promise<WadoFrame[]> {
    const early = await this.earlyFrames(uids, frameNumbers);
    if (early) return early;
    const parts = await this.request(undefined, () =>
      this.client.retrieveInstanceFrames({
        ...uids,
        frameNumbers,
        mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: '*' }],
      }),
    );
    if (!Array.isArray(parts) || parts.length < frameNumbers.length) {
      throw new DicomwebError(
        'server-error',
        200,
        `the PACS sent ${Array.isArray(parts) ? parts.length : 0} of ${frameNumbers.length} frames`,
      );
    }
    return parts.map((part: unknown) => ({
      bytes: part instanceof Uint8Array ? part : new Uint8Array(part as ArrayBuffer),
      transferSyntaxUID: (part as { transferSyntaxUID?: string | null }).transferSyntaxUID ?? null,
    }));
  }

  /**
   * The same request as frames(), for a reader that sends it itself (fetch in a worker). Only
   * its success is taken from there: on any failure the frames are asked for again through
   * frames(), which words the error and asks for credentials.
   */
  framesRequest(uids: InstanceUids, count: number): { url: string; headers: Record<string, string> } {
    return {
      url: framesUrl(this.instanceUrl(uids), allFrames(count)),
      headers: { Accept: FRAMES_ACCEPT, ...this.headers() },
    };
  }

  /** Whether the page asked for these frames before the viewer's code had loaded (earlyFetch). */
  hasEarlyFrames(uids: InstanceUids): boolean {
    return hasEarlyFrames(this.instanceUrl(uids));
  }

  /**
   * The frames the page asked for early, if that answer came whole; any failure (credentials
   * wanted, a cut answer) is left to frames(), which asks again and words it.
   */
  private async earlyFrames(uids: InstanceUids, frameNumbers: number[]): Promise<WadoFrame[] | null> {
    const response = await takeEarlyFrames(this.instanceUrl(uids), framesUrl(this.instanceUrl(uids), frameNumbers));
    const boundary = boundaryOf(response?.headers.get('Content-Type') ?? '');
    if (!response?.ok || !boundary) return null;
    try {
      const parts = multipartParts(new Uint8Array(await response.arrayBuffer()), boundary);
      return parts.length >= frameNumbers.length ? parts : null;
    } catch {
      return null;
    }
  }

  private instanceUrl(uids: InstanceUids): string {
    return `${this.url}/studies/${uids.studyInstanceUID}/series/${uids.seriesInstanceUID}/instances/${uids.sopInstanceUID}`;
  }

  /**
   * The whole instance as a Part 10 file (documents such as SR; images come as frames). The
   * default media type: dicomweb-client refuses to ask for `transfer-syntax=*` here.
   */
  async instance(uids: InstanceUids): Promise<Uint8Array> {
    const part = await this.request(undefined, () => this.client.retrieveInstance(uids));
    return part instanceof Uint8Array ? part : new Uint8Array(part as ArrayBuffer);
  }

  /** STOW-RS of one Part 10 file; resolves when the server has accepted it. */
  async store(file: Uint8Array, studyInstanceUID?: string): Promise<void> {
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    const response = await this.request('storing', () =>
      this.client.storeInstances({ datasets: [buffer], ...(studyInstanceUID ? { studyInstanceUID } : {}) }),
    );
    const failed = failedSopSequence(response);
    if (failed) throw new DicomwebError('refused', 200, `the PACS did not store the report (${failed})`);
  }

  /**
   * Headers of a sign-in the host holds (a host viewer's own user session): asked before every
   * request, as a token may be renewed at any time. Ours has none: our credentials are below.
   */
  protected signInHeaders(): Record<string, string> {
    return {};
  }

  private headers(): Record<string, string> {
    return { ...authorizationHeader(this.credentials), ...this.signInHeaders() };
  }

  protected async request<T>(what: string | undefined, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        this.client.headers = this.headers();
        return await send();
      } catch (error) {
        const status = statusOf(error);
        if (status === null) throw error instanceof Error ? error : new Error(String(error));
        if ((status === 401 || status === 403) && this.prompt && attempt < 3 && (await this.askForCredentials(attempt > 0))) continue;
        throw describeStatus(status, what);
      }
    }
  }

  /** One prompt for every request that hit the 401 at the same time. */
  private async askForCredentials(failedBefore: boolean): Promise<boolean> {
    const prompt = this.prompt;
    if (!prompt) return false;
    this.pendingPrompt ??= prompt(this.url, failedBefore || this.credentials !== null).finally(() => {
      this.pendingPrompt = null;
    });
    const credentials = await this.pendingPrompt;
    if (!credentials) return false;
    this.credentials = credentials;
    return true;
  }
}

export interface InstanceUids {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}

function datasets(value: unknown): DicomJsonDataset[] {
  return Array.isArray(value) ? value.filter(isDicomJsonDataset) : [];
}

/** STOW-RS answers 200/202 with a FailedSOPSequence (0008,1198) listing what it refused. */
function failedSopSequence(response: unknown): string | null {
  let body: unknown = response;
  if (typeof response === 'string' && response.trim().startsWith('{')) body = JSON.parse(response);
  if (response instanceof ArrayBuffer) {
    const text = new TextDecoder().decode(response);
    if (text.trim().startsWith('{')) body = JSON.parse(text);
  }
  const failed = isDicomJsonDataset(body) ? body['00081198']?.Value : undefined;
  if (!failed || failed.length === 0) return null;
  const reason = (failed[0] as DicomJsonDataset)['00081197']?.Value?.[0];
  return `failure reason ${String(reason ?? 'not given')}`;
}
