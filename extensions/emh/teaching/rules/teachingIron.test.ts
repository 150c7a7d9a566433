import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { dcmjsData as dcmjs, type DicomElement } from '../../../../src/data/dcmjs';

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { ironInventory, type IronRoiRecord } from '../../iron/rules/ironReport';
import { sampleIronRois } from '../../iron/rules/ironSample.fixture';
import type { LicCalibration } from '../../iron/rules/ironGrades';
import { sampleInventory } from '../../export/rules/sampleInventory.fixture';
import { csvObjects } from '../../export/rules/csvTestParser';
import { emptyTeachingCase, findingsNarrative } from './teachingCase';
import { teachingCaseHtml } from './caseHtml';
import { buildTeachingZip } from './teachingZip';

const withIron = (rois: readonly IronRoiRecord[], calibration: LicCalibration = 'wood-2005'): EmhInventory => ({
  ...sampleInventory(),
  iron: ironInventory(rois, calibration),
});

const LIVER = 'On T2* MRI at 1.5 T, liver R2* is 385.8 Hz (T2* 2.6 ms): LIC 10.0 mg Fe/g dry weight (Wood 2005), moderate iron overload.';
const HEART = 'Septal myocardial T2* is 15.0 ms (R2* 66.7 Hz): mild to moderate myocardial iron.';

describe('teaching case: iron from T2* MRI', () => {
  it('ends the findings with the liver (R2*, T2*, LIC, calibration, grade) and the heart (T2*, grade)', () => {
    const findings = findingsNarrative(withIron(sampleIronRois()));
    assert.ok(findings.startsWith(findingsNarrative(sampleInventory())), 'the lesion and liver HU text is unchanged');
    assert.ok(findings.endsWith(` ${LIVER} ${HEART}`), findings);
  });

  it('names the calibration chosen, with its LIC (Garbowski 2014: 0.029 R2*^1.014)', () => {
    const findings = findingsNarrative(withIron(sampleIronRois(), 'garbowski-2014'));
    const lic = (0.029 * 385.75 ** 1.014).toFixed(1);
    assert.match(findings, new RegExp(`LIC ${lic.replace('.', '\\.')} mg Fe/g dry weight \\(Garbowski 2014\\), moderate iron overload\\.`));
  });

  it('gives the reason instead of an LIC at 3 T', () => {
    const findings = findingsNarrative(withIron(sampleIronRois(3)));
    assert.match(findings, /On T2\* MRI at 3 T, liver R2\* is 385\.8 Hz \(T2\* 2\.6 ms\); no LIC is given \(No LIC at 3 T: Wood 2005/);
    assert.ok(!/mg Fe\/g/.test(findings));
  });

  it('says nothing of iron without iron ROIs, or with a spleen ROI alone', () => {
    const plain = findingsNarrative(sampleInventory());
    assert.equal(findingsNarrative(withIron([])), plain);
    assert.equal(findingsNarrative(withIron(sampleIronRois().filter((r) => r.organ === 'spleen'))), plain);
    const html = (inventory: EmhInventory) => teachingCaseHtml({ text: emptyTeachingCase(), inventory, keyImages: [] });
    assert.equal(html(withIron([])), html(sampleInventory()));
  });

  it('tabulates liver and heart iron in case.html', () => {
    const html = teachingCaseHtml({ text: emptyTeachingCase(), inventory: withIron(sampleIronRois()), keyImages: [] });
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    assert.deepEqual(headings, ['Lesions', 'Iron (T2* MRI)']);
    assert.ok(html.includes('<tr><td>Liver</td><td>385.8</td><td>2.6</td><td>10.0</td><td>moderate</td><td>Wood 2005 (1.5 T)'));
    assert.ok(html.includes('<tr><td>Heart (septum)</td><td>66.7</td><td>15.0</td><td>–</td><td>mild-moderate</td><td>1 ROI</td></tr>'));
  });
});

// ---------------------------------------------------------------- the ZIP: UIDs as for lesions

const REPO = join(import.meta.dirname, '../../../..');
const T2STAR_FILE = join(REPO, 'sample-dicom/output-t2star/mr-t2star/IM-0001.dcm');
const text = (element: DicomElement | undefined): string => String(element?.Value?.[0] ?? '');
const uidsOf = (bytes: Uint8Array): [string, string, string] => {
  const { dict } = dcmjs.DicomMessage.readFile(bytes.slice().buffer);
  return [text(dict['0020000D']), text(dict['0020000E']), text(dict['00080018'])];
};

/** A 1 x 1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
    'hex',
  ),
);

describe('teaching ZIP: iron', () => {
  before(() => {
    if (existsSync(T2STAR_FILE)) return;
    const generated = spawnSync('node', ['scripts/ensure-sample.mjs'], { cwd: REPO, stdio: 'inherit' });
    assert.equal(generated.status, 0, 'could not generate the sample');
  });

  it('replaces the iron ROIs’ UIDs as the lesions’: the same new UIDs as the de-identified DICOM, no original left', async () => {
    const dicom = new Uint8Array(readFileSync(T2STAR_FILE));
    const [study, series, sop] = uidsOf(dicom);
    const rois = sampleIronRois().map((r) => ({
      ...r,
      ref: { ...r.ref, studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop },
    }));
    const inventory = withIron(rois);
    const zip = await JSZip.loadAsync(
      await buildTeachingZip({
        text: { ...emptyTeachingCase(), findings: findingsNarrative(inventory) },
        inventory,
        keyImages: [{ png: PNG, dicom, seriesDescription: 'T2STAR MULTIECHO GRE', instanceNumber: 1 }],
      }),
    );
    const read = async (name: string): Promise<string> => (await zip.file(name)?.async('string')) ?? '';
    const [newStudy, newSeries, newSop] = uidsOf(new Uint8Array(await zip.file('dicom/key-01.dcm')!.async('uint8array')));
    assert.notEqual(newSop, sop);
    for (const name of ['inventory.json', 'lesions.csv', 'case.html']) {
      const content = await read(name);
      for (const uid of [study, series, sop]) assert.ok(!content.includes(uid), `${name} still has ${uid}`);
    }
    const json = JSON.parse(await read('inventory.json')) as EmhInventory;
    const refs = [...json.iron!.liver.rois, ...json.iron!.heart.rois, ...json.iron!.other].map((r) => r.ref);
    assert.equal(refs.length, 3);
    for (const ref of refs)
      assert.deepEqual([ref.studyInstanceUID, ref.seriesInstanceUID, ref.sopInstanceUID], [newStudy, newSeries, newSop]);
    assert.ok(Math.abs(json.iron!.liver.licMgFeG! - (0.0254 * 385.75 + 0.202)) < 1e-9);
    const csvRois = csvObjects(await read('lesions.csv')).filter((r) => r.kind === 'iron-roi');
    assert.deepEqual(
      csvRois.map((r) => r.sop_instance_uid),
      [newSop, newSop, newSop],
    );
    const html = await read('case.html');
    assert.ok(html.includes(LIVER), 'the findings name the LIC');
    assert.ok(html.includes('<h2>Iron (T2* MRI)</h2>'));
  });
});
