import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { axesAnnotation, CT_PLAIN, MR_T1, MR_T2 } from '../../inventory/rules/sampleCase.fixture';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { formatDecimal } from './srContent';
import { readSrDocument, type SrNode } from './srDicom';
import { writeMeasurementReport } from './srWrite';
import { CT_STUDY, MR_STUDY } from '../../inventory/rules/sampleCase.fixture';
import {
  CASE_CONTEXT,
  decidedStore,
  deterministicUids,
  edgeCaseReportInput,
  FIXED_NOW,
  NOTE_L2,
  sampleImageFacts,
  sampleReportInput,
} from './sampleReport.fixture';
import { dciodvfyErrors, missingTool, requiresEveryTool, runTool, toolMissing, writeTemp } from './srTools.fixture';

const report = writeMeasurementReport(sampleReportInput());
const file = writeTemp(report, 'sample-sr.dcm');

function walk(node: SrNode, visit: (n: SrNode) => void): void {
  visit(node);
  node.children.forEach((c) => walk(c, visit));
}

describe('writeMeasurementReport on the sample case', () => {
  it('passes dciodvfy without errors', (t) => {
    const run = runTool('dciodvfy', [file]);
    if (!run) return toolMissing(t, missingTool('dciodvfy', 'dicom3tools'));
    const warnings = [...new Set(run.lines.filter((l) => /warning/i.test(l)))];
    // Known and accepted: private 99EMH codes are unknown to dciodvfy's scheme list, and the
    // inventory knows no Study ID / Study Time (type 2, empty) for the DICOMDIR check.
    for (const warning of warnings) t.diagnostic(`dciodvfy: ${warning}`);
    assert.deepEqual(
      run.lines.filter((l) => /error/i.test(l)),
      [],
    );
    assert.ok(run.lines.includes('Comprehensive3DSR'), run.lines.join('\n'));
  });

  it('passes dsrdump, which shows the key content', (t) => {
    const run = runTool('dsrdump', ['+Pc', '+Pl', file]);
    if (!run) return toolMissing(t, missingTool('dsrdump', 'dcmtk'));
    assert.equal(run.status, 0, run.lines.join('\n'));
    assert.deepEqual(
      run.lines.filter((l) => /error|warning: invalid/i.test(l)),
      [],
    );
    const text = run.stdout;
    for (const id of ['L1', 'L2', 'L3', 'L4', 'L5', 'L6']) assert.match(text, new RegExp(`"Tracking Identifier"\\)="${id}"`));
    assert.match(text, /\(103339001,SCT,"Long axis"\)="42" \(mm,UCUM,"mm"\)/);
    assert.match(text, /\(103340004,SCT,"Short axis"\)="28" \(mm,UCUM,"mm"\)/);
    assert.match(text, /\(112031,DCM,"Attenuation Coefficient"\)="103" \(\[hnsf'U\],UCUM,"Hounsfield unit"\)/);
    assert.match(text, /=\(RID35804,RADLEX,"Hypointense"\)/);
    assert.match(text, /=\(RID49500,RADLEX,"Markedly hypointense"\)/);
    assert.match(text, /"Finding Site"\)=\(54735007,SCT,"Sacrum"\)/);
    assert.match(text, /"Topographical modifier"\)=\(255549009,SCT,"Anterior"\)/);
    assert.ok(text.includes(`"Comment")="${NOTE_L2}"`), 'the UTF-8 note survives');
    assert.match(text, /"Finding Site"\)="Left psoas, near L3"/);
    assert.match(text, /Muscle ref T2 3/);
    assert.match(text, /Liver ROI 3/);
  });

  it('passes both tools on the edge cases too (pixels, no outlines, lone override, bare other site)', (t) => {
    const edge = writeTemp(writeMeasurementReport(edgeCaseReportInput()), 'edge-sr.dcm');
    const dciodvfy = dciodvfyErrors(edge);
    if (dciodvfy) assert.deepEqual(dciodvfy, []);
    else if (requiresEveryTool()) assert.fail(`${missingTool('dciodvfy', 'dicom3tools')}, and CI=true requires it`);
    else t.diagnostic(missingTool('dciodvfy', 'dicom3tools'));
    const dsrdump = runTool('dsrdump', ['+Pc', edge]);
    if (!dsrdump) return toolMissing(t, missingTool('dsrdump', 'dcmtk'));
    assert.equal(dsrdump.status, 0, dsrdump.lines.join('\n'));
    assert.deepEqual(
      dsrdump.lines.filter((l) => /error|warning: invalid/i.test(l)),
      [],
    );
    assert.match(dsrdump.stdout, /"Long axis"\)="42" \(\{pixels\},UCUM,"pixels"\)/);
    assert.match(dsrdump.stdout, /inferred from IMAGE:\(121112,DCM,"Source of Measurement"\)/);
    assert.match(dsrdump.stdout, /\(RID35805,RADLEX,"Hyperintense"\)/);
  });

  it('is a Comprehensive 3D SR in the CT study, citing both studies as evidence', () => {
    const doc = readSrDocument(report);
    assert.equal(doc.sopClassUID, '1.2.840.10008.5.1.4.1.1.88.34');
    assert.equal(doc.studyInstanceUID, CT_STUDY);
    const studies = new Set([...doc.evidence.values()].map((e) => e.studyInstanceUID));
    assert.deepEqual([...studies].sort(), [CT_STUDY, MR_STUDY].sort());
    // 5 lesions x (CT + T1 + T2 slice) share images; every cited image is in the evidence.
    walk(doc.root, (n) => {
      if (n.image) assert.ok(doc.evidence.has(n.image.sopInstanceUID), n.image.sopInstanceUID);
    });
  });

  it('writes one measurement group per annotation, plus one for the lesion with none and the liver summary', () => {
    const input = sampleReportInput();
    const doc = readSrDocument(writeMeasurementReport(input));
    const measurements = doc.root.children.find((c) => c.concept?.value === '126010');
    assert.equal(measurements?.children.length, input.annotations.length + 2);
  });

  it('puts index points + 0.5 into image coordinates', () => {
    const doc = readSrDocument(report);
    const first = doc.root.children.find((c) => c.concept?.value === '126010')!.children[0]!;
    const long = first.children.find((c) => c.concept?.value === '103339001')!;
    // L1: 42 mm at 1.5 mm/px, centred on column 128: 114 .. 142 in index space.
    assert.deepEqual(long.children[0]!.graphicData, [114.5, 128.5, 142.5, 128.5]);
  });

  it('gives the same bytes for the same case, UIDs and time', () => {
    assert.deepEqual(writeMeasurementReport(sampleReportInput()), report);
  });

  it('never writes an uncalibrated length in mm', () => {
    const store = createInventoryStore();
    store.upsert(axesAnnotation('ax-px', CT_PLAIN, 15, 42, 28, undefined, null));
    const doc = readSrDocument(
      writeMeasurementReport({
        inventory: store.inventory(CASE_CONTEXT),
        annotations: store.state().annotations,
        images: (ref) => ({ ...sampleImageFacts(ref)!, pixelSpacing: null }),
        now: FIXED_NOW,
        newUid: deterministicUids(),
      }),
    );
    const units: string[] = [];
    walk(doc.root, (n) => {
      if (n.concept?.value === '103339001' || n.concept?.value === '103340004') units.push(n.num?.unit?.value ?? '');
    });
    assert.deepEqual(units, ['{pixels}', '{pixels}']);
  });

  it('refuses an image it knows nothing about, rather than cite it without a SOP class', () => {
    assert.throws(() => writeMeasurementReport({ ...sampleReportInput(), images: () => null }), /No facts for image/);
  });
});

describe("writeMeasurementReport with the radiologist's case decisions", () => {
  const decided = writeTemp(writeMeasurementReport(sampleReportInput(decidedStore())), 'decided-sr.dcm');

  it('passes dciodvfy without errors', (t) => {
    const run = runTool('dciodvfy', [decided]);
    if (!run) return toolMissing(t, missingTool('dciodvfy', 'dicom3tools'));
    assert.deepEqual(
      run.lines.filter((l) => /error/i.test(l)),
      [],
    );
  });

  it('passes dsrdump, which shows the liver call beside the automatic one and the series decisions', (t) => {
    const run = runTool('dsrdump', ['+Pc', '+Pl', decided]);
    if (!run) return toolMissing(t, missingTool('dsrdump', 'dcmtk'));
    assert.equal(run.status, 0, run.lines.join('\n'));
    assert.deepEqual(
      run.lines.filter((l) => /error|warning: invalid/i.test(l)),
      [],
    );
    const text = run.stdout;
    assert.match(text, /"Tracking Identifier"\)="Liver summary"/);
    const call = String.raw`<contains CODE:\(LIVER-CALL,99EMH,"[^"]+"\)=`;
    const source = String.raw`>\s+<has concept mod CODE:\(CALL-SOURCE,99EMH,"Call source"\)=`;
    assert.match(text, new RegExp(`${call}\\(281302008,SCT,"Above reference range"\\)${source}\\(CALL-AUTO,`));
    assert.match(text, new RegExp(`${call}\\(281301001,SCT,"Within reference range"\\)${source}\\(CALL-OVERRIDE,`));
    for (const uid of [CT_PLAIN, MR_T1, MR_T2]) assert.ok(text.includes(`"Series Instance UID")="${uid}"`), uid);
    assert.match(text, /\(SERIES-CONTRAST,99EMH,"[^"]+"\)=\(C-UNENHANCED,99EMH,/);
    assert.match(text, /\(SERIES-CONTRAST,99EMH,"[^"]+"\)=\(C-ENHANCED,99EMH,/);
    assert.match(text, /\(SERIES-WEIGHTING,99EMH,"[^"]+"\)=\(W-STIR,99EMH,/);
  });

  it('names each decision in the image library group of its own series', () => {
    const doc = readSrDocument(writeMeasurementReport(sampleReportInput(decidedStore())));
    const library = doc.root.children.find((c) => c.concept?.value === '111028')!;
    const decisions = library.children.map((group) => {
      const uid = group.children.find((c) => c.concept?.value === '112002')?.uid ?? null;
      const values = group.children.filter((c) => c.concept?.scheme === '99EMH').map((c) => c.code?.value);
      const images = group.children.flatMap((c) => (c.image ? [c.image.sopInstanceUID] : []));
      const imagesInSeries = uid === null || images.every((sop) => doc.evidence.get(sop)?.seriesInstanceUID === uid);
      return { uid, values, imagesInSeries };
    });
    assert.deepEqual(
      decisions.filter((d) => d.uid !== null).sort((a, b) => a.uid!.localeCompare(b.uid!)),
      [
        { uid: CT_PLAIN, values: ['C-UNENHANCED'], imagesInSeries: true },
        { uid: MR_T1, values: ['C-ENHANCED'], imagesInSeries: true },
        { uid: MR_T2, values: ['W-STIR'], imagesInSeries: true },
      ],
    );
  });

  it('writes no decision items, and no liver summary, where there is nothing to say', () => {
    const store = createInventoryStore();
    store.upsert(axesAnnotation('ax-only', CT_PLAIN, 15, 42, 28));
    const doc = readSrDocument(
      writeMeasurementReport({
        inventory: store.inventory(CASE_CONTEXT),
        annotations: store.state().annotations,
        images: sampleImageFacts,
        now: FIXED_NOW,
        newUid: deterministicUids(),
      }),
    );
    const concepts: string[] = [];
    walk(doc.root, (n) => concepts.push(n.concept?.value ?? ''));
    for (const absent of ['LIVER-CALL', 'SERIES-WEIGHTING', 'SERIES-CONTRAST', '112002']) {
      assert.ok(!concepts.includes(absent), absent);
    }
  });
});

describe('formatDecimal', () => {
  it('fits DS: at most 16 characters, as many digits as fit', () => {
    assert.equal(formatDecimal(42), '42');
    assert.equal(formatDecimal(1 / 3), '0.33333333333333');
    assert.equal(formatDecimal(-1234.567890123457), '-1234.5678901235');
    assert.equal(formatDecimal(1e-9), '1e-9');
    for (const value of [Math.PI * 1e6, -Math.E / 1e3, 2 ** 40 + 0.123]) assert.ok(formatDecimal(value).length <= 16);
  });
});
