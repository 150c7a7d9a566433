/**
 * A prebuilt OHIF with the EMH plugin, from one origin: OHIF's dist, our dist-ohif/ at
 * /plugins/emh/, an app-config.js that lists the plugin's extension and mode, and /dicom-web
 * proxied to a DICOMweb server (Orthanc sends no CORS headers). For the e2e tests and
 * `npm run ohif`; OHIF itself is never in git (npm pack @ohif/app@3.13.2, see the README).
 */
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const OHIF_VERSION = '3.13.2';
export const OHIF_DIST = process.env.OHIF_DIST ?? path.join(homedir(), '.cache', 'ohif', 'pkg', 'package', 'dist');
export const PLUGIN_DIR = fileURLToPath(new URL('../../dist-ohif/', import.meta.url));
/** Where OHIF's dist serves the plugin folder from (copy dist-ohif/ there in a deployment). */
export const PLUGIN_PATH = '/plugins/emh';

/** Why OHIF with the plugin cannot be served here, or null when it can. */
export function ohifMissing(ohifDist = OHIF_DIST, pluginDir = PLUGIN_DIR): string | null {
  if (!existsSync(path.join(ohifDist, 'index.html'))) {
    return `no prebuilt OHIF at ${ohifDist} (npm pack @ohif/app@${OHIF_VERSION}, unpack it, or set OHIF_DIST)`;
  }
  if (!existsSync(path.join(pluginDir, 'extension.js'))) return `no plugin build in ${pluginDir} (npm run build:ohif)`;
  return null;
}

/**
 * OHIF's app-config.js: its only data source is /dicom-web on this origin, the plugin listed
 * (`pluginPath` null: OHIF as published, as the bench runs it beside our viewer).
 */
export function appConfig(pluginPath: string | null = PLUGIN_PATH, maxNumberOfWebWorkers = 2): string {
  const config = {
    routerBasename: '/',
    extensions: pluginPath ? [`${pluginPath}/extension.js`] : [],
    modes: pluginPath ? [`${pluginPath}/mode.js`] : [],
    showStudyList: true,
    maxNumberOfWebWorkers,
    showCPUFallbackMessage: false,
    showLoadingIndicator: true,
    strictZSpacingForVolumeViewport: true,
    defaultDataSourceName: 'orthanc',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'orthanc',
        configuration: {
          friendlyName: 'Orthanc',
          name: 'orthanc',
          wadoUriRoot: '/dicom-web',
          qidoRoot: '/dicom-web',
          wadoRoot: '/dicom-web',
          qidoSupportsIncludeField: true,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: true,
          supportsWildcard: true,
          supportsStow: true,
          staticWado: false,
          singlepart: 'bulkdata,video',
          bulkDataURI: { enabled: true, relativeResolution: 'studies' },
          omitQuotationForMultipartRequest: true,
        },
      },
    ],
  };
  return `window.config = ${JSON.stringify(config, null, 2)};\n`;
}

export interface OhifServer {
  url: string;
  close(): Promise<void>;
}

export async function serveOhifWithPlugin(options: {
  port: number;
  dicomWebUpstream: string;
  ohifDist?: string;
  pluginDir?: string;
}): Promise<OhifServer> {
  const ohifDist = options.ohifDist ?? OHIF_DIST;
  const pluginDir = options.pluginDir ?? PLUGIN_DIR;
  const missing = ohifMissing(ohifDist, pluginDir);
  if (missing) throw new Error(missing);
  const app = express();
  app.get('/app-config.js', (_req, res) => res.type('application/javascript').send(appConfig()));
  app.use('/dicom-web', createProxyMiddleware({ target: `${options.dicomWebUpstream.replace(/\/$/, '')}/dicom-web`, changeOrigin: false }));
  // No caching of the plugin: a rebuilt plugin must be what the next page load runs.
  app.use(PLUGIN_PATH, express.static(pluginDir, { etag: false, maxAge: 0 }));
  app.use(
    express.static(ohifDist, {
      setHeaders: (res, file) => {
        if (file.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
      },
    }),
  );
  // OHIF's routes (/emh, /viewer, ...) are the single-page app's; a missing plugin file is a 404, not index.html.
  app.use((req, res) => {
    if (req.path.startsWith(`${PLUGIN_PATH}/`)) res.sendStatus(404);
    else res.sendFile(path.join(ohifDist, 'index.html'));
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
