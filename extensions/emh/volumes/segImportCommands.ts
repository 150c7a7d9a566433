/**
 * `emh.importSEG`: a DICOM SEG read into the case (as a SEG file opened like any other is), and
 * `emh.segments`: the case's segments and the volumes known from reports only, for scripts.
 */
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandDefinition } from '../../../src/extensions/types';
import type { SegmentStore } from './rules/segmentStore';
import type { SegImports } from './segImport';

async function bytesOf(args: Record<string, unknown>): Promise<Uint8Array> {
  if (typeof args.url === 'string') {
    const response = await fetch(args.url);
    if (!response.ok) throw new Error(`Could not read the SEG: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  if (args.bytes instanceof Uint8Array || Array.isArray(args.bytes)) return Uint8Array.from(args.bytes as ArrayLike<number>);
  throw new Error('Give the SEG as {url} or {bytes}');
}

export function segImportCommands(services: HostServices, imports: SegImports, segments: SegmentStore): CommandDefinition[] {
  return [
    {
      name: 'emh.importSEG',
      description:
        "Read a DICOM SEG into the case: {url} or {bytes}; each segment bound to its lesion (tracking UID, a report's reference, else its label); resolves with {status, bound, unmatched, message}. Another patient's SEG is refused; one whose source series is not open waits for it",
      run: async (args) => {
        const report = await imports.importSeg(await bytesOf(args));
        imports.announce(report);
        return report;
      },
    },
    {
      name: 'emh.segments',
      description:
        "The active patient's lesion segments ({lesionId, seriesInstanceUID, voxels, volumeMl, volumeMeanHU, method, segSopInstanceUID}) and the volumes known from an imported report whose SEG is not loaded ({lesionId, volumeMl, mean, segSopInstanceUID, segmentNumber})",
      run: () => ({
        segments: segments.segments().map((s) => ({
          lesionId: s.lesionId,
          seriesInstanceUID: s.seriesInstanceUID,
          voxels: s.voxels,
          volumeMl: s.volumeMl,
          volumeMeanHU: s.volumeMeanHU,
          method: s.method,
          segSopInstanceUID: s.imported?.segSopInstanceUID ?? null,
        })),
        fromReportOnly: segments.reported().filter((r) => !segments.segment(r.lesionId)),
        pendingSegs: imports.pending(),
        activePatient: services.data.activePatientKey(),
      }),
    },
  ];
}
