/**
 * Static server for the bench: viewer bundle at /, baseline at /baseline/, data at /data/, the
 * thin-slice suite's plain fetch page at /wire/,
 * and, once a suite names a PACS (setDicomWebUpstream), /dicom-web proxied to it as
 * scripts/serve.mjs does for the viewer in use. Counts DICOM traffic (/data and /dicom-web)
 * so a suite can see how much each page fetched (e.g. whether the viewer downloads the
 * series twice).
 */
import express from 'express';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ServerResponse } from 'node:http';
import { BASELINE_DIST, DATA_DIR, VIEWER_DIST, WIRE_DIR } from './paths';

export interface DataTraffic {
  requests: number;
  bytes: number;
}

export interface BenchServer {
  baseUrl: string;
  resetTraffic(): void;
  traffic(): DataTraffic;
  /**
   * Proxies /dicom-web to `${upstream}/dicom-web` (e.g. an Orthanc's base URL), keeping the
   * Host header (the PACS then writes URLs that point back here) and changing nothing else;
   * undefined: /dicom-web answers 503 again.
   */
  setDicomWebUpstream(upstream: string | undefined): void;
  close(): Promise<void>;
}

/** express.static's mime table predates wasm on some versions; streaming compile needs the type. */
function setWasmType(res: ServerResponse, filePath: string): void {
  if (filePath.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
}

export async function startServer(): Promise<BenchServer> {
  const app = express();
  let traffic: DataTraffic = { requests: 0, bytes: 0 };
  const countTraffic: express.RequestHandler = (_req, res, next) => {
    res.on('finish', () => {
      traffic.requests += 1;
      traffic.bytes += Number(res.getHeader('Content-Length') ?? 0);
    });
    next();
  };
  app.use('/data', countTraffic);
  app.use('/dicom-web', countTraffic);
  let dicomWebProxy: RequestHandler | undefined;
  app.use('/dicom-web', (req, res, next) => {
    if (dicomWebProxy) void dicomWebProxy(req, res, next);
    else res.status(503).type('text/plain').send('no DICOMweb upstream set by the suite');
  });
  const options = { setHeaders: setWasmType };
  app.use('/data', express.static(DATA_DIR, options));
  app.use('/baseline', express.static(BASELINE_DIST, options));
  app.use('/wire', express.static(WIRE_DIR, options));
  app.use('/', express.static(VIEWER_DIST, options));

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    resetTraffic: () => {
      traffic = { requests: 0, bytes: 0 };
    },
    traffic: () => ({ ...traffic }),
    setDicomWebUpstream: (upstream) => {
      // Same options as scripts/serve.mjs, without its removal of WWW-Authenticate (the bench's
      // PACS has no authentication): the proxy a deployment of the viewer puts in front of a PACS.
      dicomWebProxy =
        upstream === undefined
          ? undefined
          : createProxyMiddleware({ target: `${upstream.replace(/\/+$/, '')}/dicom-web`, changeOrigin: false });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
