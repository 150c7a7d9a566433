/**
 * One OHIF with our plugin and one Orthanc holding the sample case for a spec file, on
 * EMH_E2E_PORT (default 8301) and the next port; skipped when no prebuilt OHIF is on this machine.
 */
import { test } from '@playwright/test';
import { startPacs, type Pacs } from './orthanc';
import { ohifMissing, serveOhifWithPlugin, type OhifServer } from '../../ohif/server/ohifServer';

export interface OhifWithPacs {
  /** OHIF's origin, once the spec's beforeAll has run. */
  url(): string;
  pacs(): Pacs;
}

export function serveOhifForSpec(): OhifWithPacs {
  const port = Number(process.env.EMH_E2E_PORT || 8301);
  const pacsPort = Number(process.env.EMH_E2E_PACS_PORT || port + 1);
  let pacs: Pacs | undefined;
  let ohif: OhifServer | undefined;
  test.skip(ohifMissing() !== null, ohifMissing() ?? '');
  test.beforeAll(async () => {
    pacs = await startPacs({ port: pacsPort });
    ohif = await serveOhifWithPlugin({ port, dicomWebUpstream: pacs.url });
  });
  test.afterAll(async () => {
    await ohif?.close();
    await pacs?.dispose();
  });
  return {
    url: () => {
      if (!ohif) throw new Error('OHIF is not served yet');
      return ohif.url;
    },
    pacs: () => {
      if (!pacs) throw new Error('Orthanc is not started yet');
      return pacs;
    },
  };
}
