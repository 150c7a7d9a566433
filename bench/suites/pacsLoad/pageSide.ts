/**
 * Runs inside the viewer (via evaluateInPage) once a PACS study has loaded: when its DICOMweb
 * requests ran, from resource timing. Self-contained: no imports.
 */

export interface DicomwebPhases {
  /** QIDO-RS series search: request start and response end, ms from navigation start. */
  qidoStartMs?: number;
  qidoEndMs?: number;
  /** WADO-RS series metadata: response end (the last one, with several series) and body bytes. */
  metadataEndMs?: number;
  metadataBytes?: number;
  /** WADO-RS frame requests still in the resource-timing buffer (250 entries, earliest kept). */
  frameEntries: number;
}

export function readDicomwebPhases(): DicomwebPhases {
  const entries = performance
    .getEntriesByType('resource')
    .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && e.name.includes('/dicom-web/'));
  const pathOf = (e: PerformanceResourceTiming): string => new URL(e.name).pathname;
  const qido = entries.filter((e) => /\/studies\/[^/]+\/series\/?$/.test(pathOf(e)));
  const metadata = entries.filter((e) => /\/metadata\/?$/.test(pathOf(e)));
  const frames = entries.filter((e) => /\/frames\/[^/]+$/.test(pathOf(e)));
  return {
    qidoStartMs: qido.length > 0 ? Math.min(...qido.map((e) => e.startTime)) : undefined,
    qidoEndMs: qido.length > 0 ? Math.max(...qido.map((e) => e.responseEnd)) : undefined,
    metadataEndMs: metadata.length > 0 ? Math.max(...metadata.map((e) => e.responseEnd)) : undefined,
    metadataBytes: metadata.length > 0 ? metadata.reduce((sum, e) => sum + e.encodedBodySize, 0) : undefined,
    frameEntries: frames.length,
  };
}

/** Resource URLs of WADO-RS frames (a RegExp source), the PACS path's "DICOM files". */
export const FRAME_RESOURCE = '/dicom-web/studies/[^?]+/frames/';
