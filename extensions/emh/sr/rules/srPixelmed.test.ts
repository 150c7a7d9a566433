/**
 * Our reports against PixelMed's TID 1500 template validator, besides dciodvfy and dsrdump.
 * PixelMed takes seconds per content item, so it sees two reports that together hold every
 * kind of content the writer has (allKindsReportInput, with an oblique non-square series, and
 * the edge cases), with the follow-up, iron and lesion-volume (TID 1411) reports, in one JVM
 * started as this file loads: each JVM start costs ~30 s of a core loading PixelMed's
 * stylesheet, so no other test file starts one. Its tests come last, so the quick checks run
 * meanwhile. scripts/unit.mjs runs this file beside the other unit tests, so the wait overlaps
 * them too.
 */

import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';

import { readSrDocument, type SrNode } from './srDicom';
import { CODES } from './srCodes';
import { allKindsReportInput, edgeCaseReportInput } from './sampleReport.fixture';
import { dciodvfyErrors, missingTool, runTool, toolMissing, validateWithPixelmed, writeTemp, type PixelmedReport } from './srTools.fixture';
import { writeMeasurementReport } from './srWrite';
import { FOLLOW_UP_CONTEXT, followUpReportInput, followUpStore } from './followUpReport.fixture';
import { FIXED_NOW } from './sampleReport.fixture';
import { timepointReport } from './srTimepoint';
import { ironOnlyReportInput, withIron } from './ironReport.fixture';
import { withVolumes } from './volumeReport.fixture';

const allKindsBytes = writeMeasurementReport(allKindsReportInput());
const allKinds = writeTemp(allKindsBytes, 'all-kinds-sr.dcm');
const edgeBytes = writeMeasurementReport(edgeCaseReportInput());
const edge = writeTemp(edgeBytes, 'edge-sr.dcm');
// The two time points of a follow-up: the same lesions' tracking UIDs in both, statuses in the second.
const followUp = followUpStore();
const [timepoint1Bytes, timepoint2Bytes] = ['T1', 'T2'].map((t) =>
  writeMeasurementReport(followUpReportInput(timepointReport(followUp.state(), followUp.thresholds, FOLLOW_UP_CONTEXT, t), FIXED_NOW)),
) as [Uint8Array, Uint8Array];
const timepoint1 = writeTemp(timepoint1Bytes, 'follow-up-t1-sr.dcm');
const timepoint2 = writeTemp(timepoint2Bytes, 'follow-up-t2-sr.dcm');
// Iron from the T2* sample: alone, and with every kind of lesion content (the same patient, one visit).
const ironBytes = writeMeasurementReport(ironOnlyReportInput());
const iron = writeTemp(ironBytes, 'iron-sr.dcm');
const ironAndLesionsBytes = writeMeasurementReport(withIron(allKindsReportInput()));
const ironAndLesions = writeTemp(ironAndLesionsBytes, 'iron-and-lesions-sr.dcm');
// Volumes (TID 1411) of two lesions, one CT and one MR, in one SEG.
const { input: volumeInput, volumes } = withVolumes();
const volumeBytes = writeMeasurementReport(volumeInput);
const volume = writeTemp(volumeBytes, 'volume-sr.dcm');
const pixelmed = validateWithPixelmed([allKinds, edge, timepoint1, timepoint2, iron, ironAndLesions, volume]);

/**
 * PixelMed 20220618 (Debian pixelmed-apps 20220618+dfsg-1) checks "Procedure reported" as
 * VM 1, where the standard allows several: PS3.16, Annex A, TID 1500 "Measurement Report",
 * Table TID 1500, Row 4: `> | HAS CONCEPT MOD | CODE | EV (121058, DCM, "Procedure reported")
 * | 1-n | M | | BCID 100 "Quantitative Diagnostic Imaging Procedure"`. We write one per
 * modality measured, so a CT + MR report has two. Only this line, with that count, is ignored.
 */
const procedureReportedMultiplicity = (count: number) =>
  'Error: Template 1500 MeasurementReport/[Row 1] CONTAINER CID 7021/[Row 4] CODE (121058,DCM,"Procedure reported"): ' +
  'within 1: /CONTAINER (126000,DCM,"Imaging Measurement Report"): ' +
  `Incorrect content item value multiplicity - found ${count} content items but expected 1`;

function proceduresReported(bytes: Uint8Array): number {
  return readSrDocument(bytes).root.children.filter((c) => c.concept?.value === CODES.procedureReported.value).length;
}

function errorsBeyondTheStandard(report: PixelmedReport, bytes: Uint8Array): string[] {
  const procedures = proceduresReported(bytes);
  const contradiction = procedures > 1 ? procedureReportedMultiplicity(procedures) : null;
  return report.errors.filter((line) => line !== contradiction);
}

function walk(node: SrNode, visit: (n: SrNode) => void): void {
  visit(node);
  node.children.forEach((c) => walk(c, visit));
}

/**
 * dciodvfy finds no error and dsrdump reads the file with no error or invalid-value warning;
 * returns dsrdump's text for the content checks, or null when a tool is missing (skipped).
 */
function passesDciodvfyAndDsrdump(t: TestContext, file: string, dsrdumpOptions: readonly string[] = []): string | null {
  const errors = dciodvfyErrors(file);
  if (!errors) {
    toolMissing(t, missingTool('dciodvfy', 'dicom3tools'));
    return null;
  }
  assert.deepEqual(errors, []);
  const run = runTool('dsrdump', [...dsrdumpOptions, file]);
  if (!run) {
    toolMissing(t, missingTool('dsrdump', 'dcmtk'));
    return null;
  }
  assert.equal(run.status, 0, run.lines.join('\n'));
  assert.deepEqual(
    run.lines.filter((l) => /error|warning: invalid/i.test(l)),
    [],
  );
  return run.stdout;
}

describe('the report with every kind of content, on an oblique non-square series', () => {
  it('passes dciodvfy and dsrdump, which shows mm from the right spacing and direction cosines in {-1:1}', (t) => {
    const text = passesDciodvfyAndDsrdump(t, allKinds, ['+Pc']);
    if (text === null) return;
    // Drawn 30 x 20 mm as if the pixels were 0.8 mm square: 37.5 columns of 1.2 mm, 25 rows of 0.8 mm.
    assert.match(text, /\(103339001,SCT,"Long axis"\)="45" \(mm,UCUM,"mm"\)/);
    assert.match(text, /\(103340004,SCT,"Short axis"\)="20" \(mm,UCUM,"mm"\)/);
    assert.match(text, /"Horizontal Pixel Spacing"\)="1.2" \(mm,UCUM,"mm"\)/);
    assert.match(text, /"Vertical Pixel Spacing"\)="0.8" \(mm,UCUM,"mm"\)/);
    const orientation = text.split('\n').filter((l) => l.includes('"Image Orientation (Patient)'));
    // Three series, six cosines each, said once per series.
    assert.equal(orientation.length, 18);
    for (const line of orientation) assert.match(line, /\(\{-1:1\},UCUM,"\{-1:1\}"\)>$/);
    assert.match(text, /"Image Orientation \(Patient\) Column Z"\)="0.34202014332567"/);
  });

  it('has one group per annotation, the lesion described in words and the liver summary', () => {
    const input = allKindsReportInput();
    const doc = readSrDocument(allKindsBytes);
    const measurements = doc.root.children.find((c) => c.concept?.value === '126010');
    assert.equal(measurements?.children.length, input.annotations.length + 2);
    const kindOf = (a: (typeof input.annotations)[number]) =>
      a.kind === 'huRoi' ? `hu-${a.organ}` : a.kind === 'signalRoi' ? `signal-${a.role}` : a.kind;
    assert.deepEqual([...new Set(input.annotations.map(kindOf))].sort(), [
      'hu-lesion',
      'hu-liver',
      'hu-spleen',
      'lesionAxes',
      'signal-lesion',
      'signal-muscle',
    ]);
    const ellipses: string[] = [];
    walk(doc.root, (n) => {
      if (n.graphicType === 'ELLIPSE') ellipses.push(n.graphicType);
    });
    assert.equal(ellipses.length, input.annotations.filter((a) => a.kind !== 'lesionAxes').length);
  });
});

describe('the two reports of a follow-up (T1, then T2 with a resolved lesion)', () => {
  for (const [name, file] of [
    ['T1', timepoint1],
    ['T2', timepoint2],
  ] as const) {
    it(`${name} passes dciodvfy and dsrdump without errors`, (t) => {
      passesDciodvfyAndDsrdump(t, file);
    });
  }
  it('T2 says L3 resolved, with a long axis of 0 mm', (t) => {
    const run = runTool('dsrdump', [timepoint2]);
    if (!run) return toolMissing(t, missingTool('dsrdump', 'dcmtk'));
    assert.match(
      run.stdout,
      /"Tracking Identifier"\)="L3">[^]*?\(STATUS-RESOLVED,99EMH,"Resolved, no longer seen"\)>\s*<contains NUM:\(,,"Long axis"\)="0" \(mm,UCUM,"mm"\)>/,
    );
  });
});

describe('the reports with iron (T2* sample), alone and with lesions', () => {
  for (const [name, file] of [
    ['iron alone', iron],
    ['iron and lesions', ironAndLesions],
  ] as const) {
    it(`${name} passes dciodvfy and dsrdump without errors`, (t) => {
      const text = passesDciodvfyAndDsrdump(t, file);
      if (text === null) return;
      assert.match(text, /"Tracking Identifier"\)="Iron ROI I1">[^]*?\(,,"R2\*"\)="[\d.]+" \(Hz,UCUM,"hertz"\)>/);
      assert.match(text, /\(,,"Liver iron concentration, dry weight"\)="[\d.]+" \(mg\/g,UCUM,"milligram per gram"\)>/);
    });
  }
});

/** PixelMed's report on `file`; null when PixelMed is not installed (skipped; under CI=true, failed). */
async function pixelmedReport(t: TestContext, file: string): Promise<PixelmedReport | null> {
  const outcome = await pixelmed;
  if (!outcome.ok) {
    if (outcome.missing) toolMissing(t, outcome.reason);
    else assert.fail(outcome.reason);
    return null;
  }
  return outcome.reports.get(file)!;
}

describe('PixelMed DicomSRValidator on our reports', () => {
  for (const [name, file, bytes] of [
    ['every kind of content', allKinds, allKindsBytes],
    ['the edge cases', edge, edgeBytes],
    ['the follow-up report of T1', timepoint1, timepoint1Bytes],
    ['the follow-up report of T2', timepoint2, timepoint2Bytes],
    ['the iron of the T2* sample', iron, ironBytes],
    ['the iron and every kind of lesion content', ironAndLesions, ironAndLesionsBytes],
  ] as const) {
    it(`finds no error in ${name}`, async (t) => {
      const report = await pixelmedReport(t, file);
      if (!report) return;
      // It did validate the content tree against TID 1500, not just read the file.
      assert.ok(report.lines.includes('Found Root Template TID_1500 (MeasurementReport)'), report.lines.join('\n'));
      assert.ok(report.lines.includes('Root Template Validation Complete'), report.lines.join('\n'));
      // Warnings are our extensions (99EMH items, comments, series UIDs), which TID 1500 allows.
      t.diagnostic(`PixelMed: ${report.errors.length} error lines, ${report.warnings.length} warnings`);
      assert.deepEqual(errorsBeyondTheStandard(report, bytes), []);
    });
  }

  it('finds no error on the volume groups (TID 1411) of a report with lesion volumes', async (t) => {
    const report = await pixelmedReport(t, volume);
    if (!report) return;
    assert.ok(report.lines.includes('Root Template Validation Complete'), report.lines.join('\n'));
    t.diagnostic(report.lines.filter((l) => /1411|Volum/i.test(l)).join('\n'));
    const doc = readSrDocument(volumeBytes);
    const measurements = doc.root.children.find((c) => c.concept?.value === '126010')!;
    const volumePaths = measurements.children.filter((g) => g.children.some((c) => c.concept?.value === '121191')).map((g) => g.path);
    const errors = errorsBeyondTheStandard(report, volumeBytes);
    // PixelMed cannot tell a TID 1501 group from a TID 1411 one (both are "Measurement Group"):
    // once a report has a 1411 group it checks every group against 1411's conditions, and the
    // 1501 groups lack its segment, region and surface. No error may concern a volume group.
    const within = (line: string) => /within ([\d.]+):/.exec(line)?.[1] ?? '';
    assert.deepEqual(
      errors.filter(
        (l) => !(l.startsWith('Error: Template 1411 ') && /Missing conditional content item$/.test(l) && !volumePaths.includes(within(l))),
      ),
      [],
    );
    assert.ok(volumePaths.length === volumes.size && volumePaths.every((p) => !report.errors.some((l) => within(l) === p)));
    t.diagnostic(`PixelMed: ${errors.length} TID 1411 condition errors, all on TID 1501 groups`);
  });
});
