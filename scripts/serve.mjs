// Serves the production bundle (dist/) on 127.0.0.1:PORT. With DICOMWEB_UPSTREAM set, proxies
// /dicom-web to that server so the viewer and the PACS share one origin (Orthanc has no CORS);
// the Host header is kept so BulkDataURIs point back at this proxy.
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT || 8080);
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const app = express();

if (process.env.DICOMWEB_UPSTREAM) {
  app.use(
    '/dicom-web',
    createProxyMiddleware({
      target: `${process.env.DICOMWEB_UPSTREAM}/dicom-web`,
      changeOrigin: false,
      on: {
        // A 401 with `WWW-Authenticate: Basic` makes the browser open its own password box;
        // the viewer asks for credentials itself (Basic or Bearer), so the header stops here.
        proxyRes: (proxyRes) => {
          delete proxyRes.headers['www-authenticate'];
        },
      },
    }),
  );
}
express.static.mime.define({ 'application/wasm': ['wasm'], 'application/dicom': ['dcm'] });
app.use(express.static(dist, { maxAge: 0 }));

app.listen(port, '127.0.0.1', () => {
  console.log(`EMH viewer on http://127.0.0.1:${port}`);
});
