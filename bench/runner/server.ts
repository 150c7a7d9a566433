/**
 * Static server for the bench: viewer bundle at /, baseline at /baseline/, data at /data/.
 * Counts DICOM traffic so a suite can see how much each page fetched (e.g. whether the
 * viewer downloads the series twice).
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ServerResponse } from 'node:http';
import { BASELINE_DIST, DATA_DIR, VIEWER_DIST } from './paths';

export interface DataTraffic {
  requests: number;
  bytes: number;
}

export interface BenchServer {
  baseUrl: string;
  resetTraffic(): void;
  traffic(): DataTraffic;
  close(): Promise<void>;
}

/** express.static's mime table predates wasm on some versions; streaming compile needs the type. */
function setWasmType(res: ServerResponse, filePath: string): void {
  if (filePath.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
}

export async function startServer(): Promise<BenchServer> {
  const app = express();
  let traffic: DataTraffic = { requests: 0, bytes: 0 };
  app.use('/data', (_req, res, next) => {
    res.on('finish', () => {
      traffic.requests += 1;
      traffic.bytes += Number(res.getHeader('Content-Length') ?? 0);
    });
    next();
  });
  const options = { setHeaders: setWasmType };
  app.use('/data', express.static(DATA_DIR, options));
  app.use('/baseline', express.static(BASELINE_DIST, options));
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
