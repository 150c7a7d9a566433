// `npm run ohif`: OHIF 3.13 with the EMH plugin on http://127.0.0.1:$PORT (default 8301), a
// local Orthanc holding the sample case behind /dicom-web (or DICOMWEB_UPSTREAM). Run
// `npm run build:ohif` first; Ctrl+C stops both.
import { startPacs } from '../../e2e/support/orthanc';
import { serveOhifWithPlugin } from '../../ohif/server/ohifServer';

const port = Number(process.env.PORT || 8301);
const pacs = process.env.DICOMWEB_UPSTREAM ? null : await startPacs({ port: Number(process.env.PACS_PORT || port + 1) });
const upstream = process.env.DICOMWEB_UPSTREAM ?? pacs?.url ?? '';
const server = await serveOhifWithPlugin({ port, dicomWebUpstream: upstream });
console.log(`OHIF with the EMH plugin: ${server.url}/  (DICOMweb: ${upstream})`);
const stop = async (): Promise<void> => {
  await server.close();
  await pacs?.dispose();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
