import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readSrDocument, type SrNode } from './srDicom';
import { readMeasurementReport } from './srRead';
import { writeMeasurementReport } from './srWrite';
import { sampleReportInput } from './sampleReport.fixture';
import { SEG_SERIES, SEG_SOP, withVolumes } from './volumeReport.fixture';
import { dciodvfyErrors, missingTool, runTool, toolMissing, writeTemp } from './srTools.fixture';
import { SEGMENTATION_STORAGE_UID, meanConcept } from './srVolumeWrite';

function walk(node: SrNode, visit: (n: SrNode) => void): void {
  visit(node);
  node.children.forEach((c) => walk(c, visit));
}

const { input, volumes } = withVolumes();
const bytes = writeMeasurementReport(input);
const file = writeTemp(bytes, 'volume-sr.dcm');

describe('TID 1411 volume groups', () => {
  it('the sample gives a CT and an MR lesion with volumes', () => {
    assert.deepEqual([...volumes.values()].map((v) => v.modality).sort(), ['CT', 'MR']);
  });

  it('writes one group per lesion with a volume: tracking, finding, segment, source series, site, volume in ml, mean', () => {
    const doc = readSrDocument(bytes);
    const measurements = doc.root.children.find((c) => c.concept?.value === '126010')!;
    const groups = measurements.children.filter((g) => g.children.some((c) => c.concept?.value === '121191'));
    assert.equal(groups.length, volumes.size);
    const rows = new Map(input.inventory.lesions.map((l) => [l.id, l]));
    for (const group of groups) {
      const id = group.children.find((c) => c.concept?.value === '112039')?.text ?? '';
      const volume = volumes.get(id)!;
      assert.ok(volume, `group of ${id}`);
      // The same tracking UID as the lesion's TID 1501 groups.
      const uid = group.children.find((c) => c.concept?.value === '112040')?.uid;
      assert.equal(uid, rows.get(id)!.trackingUid);
      const lesionGroups = measurements.children.filter(
        (g) => g !== group && g.children.some((c) => c.concept?.value === '112039' && c.text === id),
      );
      assert.ok(lesionGroups.length > 0);
      for (const g of lesionGroups) assert.equal(g.children.find((c) => c.concept?.value === '112040')?.uid, uid);
      const segment = group.children.find((c) => c.concept?.value === '121191')!;
      assert.equal(segment.valueType, 'IMAGE');
      assert.equal(segment.relationship, 'CONTAINS');
      assert.deepEqual(segment.image, {
        sopClassUID: SEGMENTATION_STORAGE_UID,
        sopInstanceUID: SEG_SOP,
        frames: [],
        segments: [volume.seg.segmentNumber],
      });
      const source = group.children.find((c) => c.concept?.value === '121232')!;
      assert.equal(source.valueType, 'UIDREF');
      assert.equal(source.uid, volume.sourceSeriesInstanceUID);
      assert.deepEqual(group.children.find((c) => c.concept?.value === '121071')?.code?.value, '52988006');
      const site = group.children.find((c) => c.concept?.value === '363698007');
      assert.equal(site?.relationship, 'HAS CONCEPT MOD');
      const vol = group.children.find((c) => c.concept?.value === '118565006')!;
      assert.equal(vol.concept?.scheme, 'SCT');
      assert.deepEqual(vol.num, { value: volume.volumeMl, unit: { value: 'ml', scheme: 'UCUM', meaning: 'milliliter' } });
      const mean = group.children.find((c) => c.children.some((m) => m.concept?.value === '121401' && m.code?.value === '373098007'))!;
      const expected = meanConcept(volume)!;
      assert.equal(mean.concept?.value, expected.concept.value);
      assert.equal(mean.num?.unit?.value, volume.modality === 'CT' ? "[hnsf'U]" : "[arb'U]");
      // Exact through Floating Point Value where the DS loses digits.
      assert.equal(mean.num?.value, volume.mean);
    }
    let templates = 0;
    walk(doc.root, (n) => {
      if (n.concept?.value === '121191') templates += 1;
    });
    assert.equal(templates, volumes.size);
  });

  it('lists the SEG in the evidence, in its study and series', () => {
    const doc = readSrDocument(bytes);
    const entry = doc.evidence.get(SEG_SOP);
    assert.deepEqual(entry && { series: entry.seriesInstanceUID, sopClass: entry.sopClassUID }, {
      series: SEG_SERIES,
      sopClass: SEGMENTATION_STORAGE_UID,
    });
  });

  it('reads back every volume, its segment and source series, and understands everything', () => {
    const read = readMeasurementReport(bytes);
    assert.deepEqual(read.notUnderstood, []);
    const back = new Map((read.volumes ?? []).map((v) => [v.trackingIdentifier, v]));
    assert.equal(back.size, volumes.size);
    for (const [id, volume] of volumes) {
      const got = back.get(id)!;
      assert.deepEqual(got.seg, { sopInstanceUID: SEG_SOP, segmentNumber: volume.seg.segmentNumber });
      assert.equal(got.sourceSeriesInstanceUID, volume.sourceSeriesInstanceUID);
      assert.equal(got.volumeMl, volume.volumeMl);
      assert.equal(got.mean, volume.mean);
      assert.equal(got.meanUnit, volume.modality === 'CT' ? 'HU' : 'signal');
      assert.equal(got.trackingUid, input.inventory.lesions.find((l) => l.id === id)!.trackingUid);
    }
    // The lesions themselves come back as before.
    const plain = readMeasurementReport(writeMeasurementReport(sampleReportInput()));
    assert.deepEqual(read.lesions, plain.lesions);
    assert.equal(read.annotations.length, plain.annotations.length);
  });

  it('writes no volume group and no SEG evidence without volumes', () => {
    const plain = writeMeasurementReport(sampleReportInput());
    const doc = readSrDocument(plain);
    assert.equal(doc.evidence.get(SEG_SOP), undefined);
    assert.deepEqual(readMeasurementReport(plain).volumes, []);
  });

  it('passes dciodvfy and dsrdump', (t) => {
    const errors = dciodvfyErrors(file);
    if (!errors) return toolMissing(t, missingTool('dciodvfy', 'dicom3tools'));
    assert.deepEqual(errors, []);
    const run = runTool('dsrdump', ['+Pc', file]);
    if (!run) return toolMissing(t, missingTool('dsrdump', 'dcmtk'));
    assert.equal(run.status, 0, run.lines.join('\n'));
    assert.deepEqual(
      run.lines.filter((l) => /error|warning: invalid/i.test(l)),
      [],
    );
    assert.match(run.stdout, /\(118565006,SCT,"Volume"\)="21.88125" \(ml,UCUM,"milliliter"\)/);
    // The SEG instance and segment number 1 (dsrdump prints a segmentation's SOP class as "SG image").
    assert.match(run.stdout, /\(121191,DCM,"Referenced Segment"\)=\(SG image,,1\)/);
  });
});
