import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandDefinition } from '../../../src/extensions/types';
import type { SavedReports } from './savedReports';
import type { SrImportReport } from './srImport';

/** What an import could not do, said once: images not open, content not understood. */
export function announceImport(report: SrImportReport, services: HostServices): void {
  if (report.missingImages.length > 0) {
    services.notifications.show(
      'warning',
      `The report measures ${report.missingImages.length} image(s) that are not open; their values are kept but not drawn.`,
    );
  }
  if (report.notUnderstood.length > 0) {
    services.notifications.show('warning', `Not understood in the report: ${report.notUnderstood.join('; ')}`);
  }
}

/** Saving the report to the PACS (STOW-RS) and loading the reports that came with a study. */
export function reportCommands(services: HostServices, reports: SavedReports): CommandDefinition[] {
  return [
    {
      name: 'emh.storeSR',
      description: 'Save the TID 1500 report to the PACS the study came from (STOW-RS); resolves with its SOPInstanceUID',
      run: () => reports.storeToPacs(),
    },
    {
      name: 'emh.reports',
      description: 'The measurement reports (SR) of the open studies, newest first',
      run: () =>
        reports.reports().map(({ sopInstanceUID, studyInstanceUID, description, dateTime }) => ({
          sopInstanceUID,
          studyInstanceUID,
          description,
          dateTime,
        })),
    },
    {
      name: 'emh.loadReport',
      description: 'Load a report of the open studies into the case: {sopInstanceUID?} (default: the latest)',
      run: async (args) => {
        const all = reports.reports();
        const wanted = typeof args.sopInstanceUID === 'string' ? all.find((r) => r.sopInstanceUID === args.sopInstanceUID) : all[0];
        if (!wanted)
          throw new Error(
            all.length === 0 ? 'The open studies have no saved report' : `No report ${String(args.sopInstanceUID)} in the open studies`,
          );
        const report = await reports.load(wanted);
        announceImport(report, services);
        return report;
      },
    },
  ];
}
