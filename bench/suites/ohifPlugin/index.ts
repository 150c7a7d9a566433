/**
 * Suite "ohifPlugin": the EMH extension inside OHIF 3.13.2 (the plugin, its EMH work-up mode)
 * against the same extension in our viewer, both on one Orthanc holding the sample case, in
 * the same run: first image, ROI statistics while dragging, the panel with 100 lesions. Each
 * figure is a ratio OHIF / ours. Skipped, with the reason, when no prebuilt OHIF is here.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { ohifMissing, OHIF_VERSION, serveOhifWithPlugin } from '../../../ohif/server/ohifServer';
import { startPacs } from '../../../e2e/support/orthanc';
import { truth } from '../../../e2e/helpers';
import { waitForIdleCpu } from '../../runner/contention';
import { describeMachine, machineMarkdown } from '../../runner/machine';
import { fmt, table } from '../../runner/markdown';
import { REPO_DIR } from '../../runner/paths';
import { median } from '../../runner/stats';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { DRAG_STEPS, LESIONS, measureHost, type Host, type HostRun } from './measure';

export const HEADING = '## The EMH extension inside OHIF 3.13.2 against our viewer';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const dragMedian = (r: HostRun): number | undefined => median(r.dragMs.filter((ms): ms is number => ms !== undefined));

function report(runs: HostRun[], orthanc: string): string {
  const of = (host: Host) => runs.filter((r) => r.host === host && !r.error);
  const measures: [string, (r: HostRun) => number | undefined][] = [
    ['First image (ms from navigation; first viewport canvas with non-black pixels)', (r) => r.firstImageMs],
    [
      `ROI statistics while dragging: mouse move to the new mean painted in our liver summary (ms, median of ${DRAG_STEPS} moves)`,
      dragMedian,
    ],
    [
      `Panel with ${LESIONS} lesions: ${LESIONS} emh.addLesion through the host's command runner until the panel lists them (ms)`,
      (r) => r.listedMs,
    ],
  ];
  const rows = measures.map(([label, pick]) => {
    const ours = median(of('ours').map(pick));
    const ohif = median(of('ohif').map(pick));
    return [label, fmt(ours), fmt(ohif), ours && ohif ? `${fmt(ohif / ours, 2)}x` : 'n/a'];
  });
  const raw = runs.map((r, i) => [
    String(i + 1),
    r.host === 'ours' ? 'ours' : 'OHIF + plugin',
    fmt(r.firstImageMs),
    r.dragMs.map((ms) => fmt(ms)).join(' '),
    fmt(r.addsMs),
    fmt(r.listedMs),
    fmt(r.otherCpuCores, 2),
    r.error ?? '',
  ]);
  return [
    HEADING,
    '',
    machineMarkdown(describeMachine()),
    `- PACS: ${orthanc}, on 127.0.0.1, holding the sample case`,
    '',
    `Both hosts run the same EMH extension (our panel, tools, commands) and open the sample CT study from the same Orthanc: ours \`?dicomweb=/dicom-web&study=\` (bench server, /dicom-web proxied), OHIF ${OHIF_VERSION}'s prebuilt dist with the plugin (\`npm run build:ohif\`) in its EMH work-up mode (\`/emh?StudyInstanceUIDs=\`, one origin, /dicom-web proxied). Fresh browser per run, the hosts alternating; medians over the runs without error. The drag: a liver HU ROI of 6 px radius added by \`emh.addHuRoi\` on slice ${truth.organs.liver.recommendedSlice} of the unenhanced CT, its right handle pressed and moved, one mouse move at a time, between 45 px (the mean near 84 HU) and 6.5 px (near 103 HU) from the centre; each move is timed from its mousemove event (seen first, capture phase) to the animation frame that paints the changed mean; a move after which the mean did not change within 2 s counts as "-". OHIF runs Cornerstone 5.6.8 (its pin), ours 5.14.`,
    '',
    table(['Measure', 'Ours', 'OHIF + plugin', 'OHIF / ours'], rows),
    '',
    '### Raw runs',
    '',
    table(['Run', 'Host', 'First image (ms)', 'Drag steps (ms)', `${LESIONS} adds (ms)`, 'Listed (ms)', 'Other CPU (cores)', 'Error'], raw),
  ].join('\n');
}

async function run(ctx: SuiteContext): Promise<string> {
  if (!pagesToRun(ctx).includes('viewer')) return `${HEADING}\n\nNot measured: the viewer is unavailable.`;
  ctx.log('ohifPlugin: building the plugin (npm run build:ohif)');
  const build = spawnSync('npm', ['run', 'build:ohif'], { cwd: REPO_DIR, encoding: 'utf8' });
  if (build.status !== 0)
    return `${HEADING}\n\nNot measured: the plugin build failed:\n\n\`\`\`\n${(build.stderr || build.stdout).slice(-2000)}\n\`\`\``;
  const missing = ohifMissing();
  if (missing) return `${HEADING}\n\nNot measured: ${missing}.`;
  const pacs = await startPacs({});
  const ohif = await serveOhifWithPlugin({ port: await freePort(), dicomWebUpstream: pacs.url });
  ctx.server.setDicomWebUpstream(pacs.url);
  const study = truth.series['ct-nc'].studyInstanceUID;
  const urls: Record<Host, string> = {
    ours: `${ctx.server.baseUrl}/?dicomweb=/dicom-web&study=${study}`,
    ohif: `${ohif.url}/emh?StudyInstanceUIDs=${study}`,
  };
  const runs: HostRun[] = [];
  try {
    for (let i = 0; i < ctx.args.runs; i++) {
      for (const host of (i % 2 === 0 ? ['ours', 'ohif'] : ['ohif', 'ours']) as Host[]) {
        if (ctx.args.idleWaitSeconds > 0) await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
        const r = await measureHost(host, urls[host]);
        runs.push(r);
        ctx.log(
          `  ${host.padEnd(4)} run ${i + 1}/${ctx.args.runs}: first image ${fmt(r.firstImageMs)} ms, drag ${fmt(dragMedian(r))} ms, ` +
            `${LESIONS} lesions listed ${fmt(r.listedMs)} ms${r.error ? `  ERROR: ${r.error}` : ''}`,
        );
      }
    }
  } finally {
    ctx.server.setDicomWebUpstream(undefined);
    await ohif.close();
    await pacs.dispose();
  }
  return report(runs, 'Orthanc (Debian package)');
}

export const ohifPluginSuite: Suite = { name: 'ohifPlugin', pages: ['viewer'], run };
