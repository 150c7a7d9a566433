import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { dcmjsData as dcmjs, type DicomElement, type DicomFile as Part10 } from '../../../../src/data/dcmjs';
import JSZip from 'jszip';

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { emptyTeachingCase, type TeachingCaseText } from './teachingCase';
import { CT_PLAIN, CT_STUDY, MR_STUDY, MR_T2 } from '../../inventory/rules/sampleCase.fixture';
import { sampleInventory } from '../../export/rules/sampleInventory.fixture';
import { withFollowUp } from '../../followUp/rules/followUpView.fixture';
import { buildTeachingZip, patientIdentityInText, stripPngMetadata, type TeachingKeyImageInput } from './teachingZip';

// ---------------------------------------------------------------- fixtures

const readPart10 = (bytes: Uint8Array): Part10 => dcmjs.DicomMessage.readFile(bytes.slice().buffer);
const text = (element: DicomElement | undefined): string => String(element?.Value?.[0] ?? '');

const REPO = join(import.meta.dirname, '../../../..');
const OUTPUT = join(REPO, 'sample-dicom/output');
const sample = (path: string): Uint8Array => new Uint8Array(readFileSync(join(OUTPUT, path)));

interface Truth {
  patient: { name: string; id: string; sex: string; age: string; birthDate: string };
  studies: { key: string; studyInstanceUID: string; date: string; description: string; accessionNumber: string }[];
}
const TRUTH = JSON.parse(readFileSync(join(REPO, 'sample-dicom/truth.json'), 'utf8')) as Truth;

before(() => {
  if (existsSync(join(OUTPUT, 'manifest.json'))) return;
  const generated = spawnSync('npx', ['tsx', 'sample-dicom/generate.ts'], { cwd: REPO, stdio: 'inherit' });
  assert.equal(generated.status, 0, 'could not generate the sample case (npm run sample)');
});

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

/** An RGBA PNG: grey, or noise (incompressible, ~4 bytes a pixel), with optional extra chunks before IDAT. */
function makePng(width: number, height: number, options: { noise?: boolean; extra?: Buffer[] } = {}): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 4), 0x80);
  for (let row = 0; row < height; row += 1) raw[row * (1 + width * 4)] = 0;
  if (options.noise) for (let i = 0; i < raw.length; i += 1) if (i % (1 + width * 4) !== 0) raw[i] = (Math.random() * 256) | 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      ...(options.extra ?? []),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

const TEXT_CHUNK = chunk('tEXt', Buffer.from(`Author\0${TRUTH.patient.name} ${TRUTH.patient.id} ${TRUTH.patient.birthDate}`, 'latin1'));
const TIME_CHUNK = chunk('tIME', new Uint8Array([0x07, 0xe8, 3, 12, 9, 30, 0]));

function replaceStrings(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, map));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, map)]));
}

const CT_FILE = 'ct-nc/IM-0015.dcm';
const MR_FILE = 'mr-t2/IM-0015.dcm';

/**
 * The export fixture's inventory, its slice-15 references pointing at the real sample files
 * (CT and T2 images of L1 and L2), with the sample's real patient and studies.
 */
function inventoryOnSampleFiles(): EmhInventory {
  const ct = readPart10(sample(CT_FILE)).dict;
  const mr = readPart10(sample(MR_FILE)).dict;
  const map = new Map([
    [CT_STUDY, text(ct['0020000D'])],
    [CT_PLAIN, text(ct['0020000E'])],
    [`${CT_PLAIN}.15`, text(ct['00080018'])],
    [MR_STUDY, text(mr['0020000D'])],
    [MR_T2, text(mr['0020000E'])],
    [`${MR_T2}.15`, text(mr['00080018'])],
  ]);
  const inventory = replaceStrings(sampleInventory(), map) as EmhInventory;
  const { patient } = TRUTH;
  return {
    ...inventory,
    patient: { name: patient.name, id: patient.id, sex: patient.sex, age: patient.age, birthDate: patient.birthDate },
    studies: TRUTH.studies.map((s) => ({
      studyInstanceUID: s.studyInstanceUID,
      description: s.description,
      date: s.date,
      accessionNumber: s.accessionNumber,
    })),
  };
}

const CASE: TeachingCaseText = {
  ...emptyTeachingCase(),
  title: 'Extramedullary hematopoiesis in beta-thalassemia',
  history: '34-year-old man with transfusion-dependent beta-thalassemia and back pain.',
  findings: 'Lobulated paraspinal and presacral masses.',
  diagnosis: 'Extramedullary hematopoiesis',
  differential: ['Lymphoma', 'Neurogenic tumour'],
};

function keyImages(): TeachingKeyImageInput[] {
  return [
    {
      png: makePng(64, 64, { extra: [TEXT_CHUNK, TIME_CHUNK] }),
      dicom: sample(CT_FILE),
      seriesDescription: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST',
      instanceNumber: 15,
    },
    { png: makePng(64, 64), dicom: sample(MR_FILE), seriesDescription: 'AX T2 TSE', instanceNumber: 15 },
  ];
}

async function unzip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytes);
  const entries = new Map<string, Uint8Array>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) entries.set(entry.name, await entry.async('uint8array'));
  }
  return entries;
}

const utf8 = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array(0)).toString('utf8');

// ---------------------------------------------------------------- the ZIP

describe('buildTeachingZip', () => {
  let entries = new Map<string, Uint8Array>();
  const originalUids: string[] = [];
  before(async () => {
    const inventory = inventoryOnSampleFiles();
    for (const file of [CT_FILE, MR_FILE]) {
      const dict = readPart10(sample(file)).dict;
      originalUids.push(...['0020000D', '0020000E', '00080018', '00200052'].map((tag) => text(dict[tag])));
    }
    originalUids.push(CT_STUDY, CT_PLAIN, MR_STUDY, MR_T2);
    entries = await unzip(await buildTeachingZip({ text: CASE, inventory, keyImages: keyImages() }));
  });

  it('holds the case page, the key images as PNG and de-identified DICOM, the inventory and the table', () => {
    assert.deepEqual([...entries.keys()].sort(), [
      'case.html',
      'dicom/key-01.dcm',
      'dicom/key-02.dcm',
      'images/key-01.png',
      'images/key-02.png',
      'inventory.json',
      'lesions.csv',
    ]);
  });

  it('has no patient name, ID, birth date, study date or accession number in any entry, in latin1 or UTF-8', () => {
    const { patient } = TRUTH;
    const [family = '', given = ''] = patient.name.split('^');
    const forbidden = [
      patient.name,
      `${given}^${family}`,
      `${family}, ${given}`,
      `${given} ${family}`,
      patient.id,
      patient.birthDate,
      `${patient.birthDate.slice(0, 4)}-${patient.birthDate.slice(4, 6)}-${patient.birthDate.slice(6)}`,
      ...TRUTH.studies.flatMap((s) => [s.date, `${s.date.slice(0, 4)}-${s.date.slice(4, 6)}-${s.date.slice(6)}`, s.accessionNumber]),
    ];
    for (const [name, bytes] of entries) {
      for (const decoded of [Buffer.from(bytes).toString('latin1'), utf8(bytes)]) {
        for (const value of forbidden) assert.ok(!decoded.toLowerCase().includes(value.toLowerCase()), `${name} contains ${value}`);
        // "Phantom" is also the word for a test object: Manufacturer "EMH Phantom Works" and the CTDI
        // phantom's code meaning "IEC Body Dosimetry Phantom" are not identifying (not in Table
        // E.1-1) and stay; any other "Phantom" would be the patient's name.
        const phantoms = decoded.match(/phantom/gi)?.length ?? 0;
        const objects = decoded.match(/EMH Phantom Works|Dosimetry Phantom/g)?.length ?? 0;
        assert.equal(phantoms, objects, `${name}: "Phantom" outside the names of test objects`);
        // "EMH", the other half of the name, is the subject of the case (extramedullary
        // hematopoiesis), so it cannot be absent; where the name would be, it is empty (below).
      }
    }
    for (const name of ['dicom/key-01.dcm', 'dicom/key-02.dcm']) {
      const dict = readPart10(entries.get(name) as Uint8Array).dict;
      assert.equal(text(dict['00100010']), '', `${name}: Patient's Name`);
      assert.equal(text(dict['00100020']), '', `${name}: Patient ID`);
      assert.equal(text(dict['00120062']), 'YES');
    }
  });

  it('points inventory.json at the de-identified DICOM: the same study, series and SOP Instance UIDs', () => {
    const inventory = JSON.parse(utf8(entries.get('inventory.json'))) as EmhInventory;
    assert.equal(inventory.patient, undefined);
    assert.equal(inventory.studies, undefined);
    const [ct, mr] = ['dicom/key-01.dcm', 'dicom/key-02.dcm'].map((name) => readPart10(entries.get(name) as Uint8Array).dict);
    const l1 = inventory.lesions.find((l) => l.id === 'L1');
    const onCt = l1?.refs.find((r) => r.kind === 'lesionAxes');
    const onMr = l1?.refs.find((r) => r.annotationUID === 't2-L1');
    assert.equal(onCt?.sopInstanceUID, text(ct?.['00080018']));
    assert.equal(onCt?.seriesInstanceUID, text(ct?.['0020000E']));
    assert.equal(onCt?.studyInstanceUID, text(ct?.['0020000D']));
    assert.equal(onMr?.sopInstanceUID, text(mr?.['00080018']));
    assert.equal(onMr?.seriesInstanceUID, text(mr?.['0020000E']));
    assert.equal(l1?.t2.seriesInstanceUID, text(mr?.['0020000E']));
    const l2 = inventory.lesions.find((l) => l.id === 'L2');
    assert.equal(l2?.refs.find((r) => r.kind === 'lesionAxes')?.sopInstanceUID, text(ct?.['00080018']), 'L2 is on the same slice');
    const series = inventory.series.find((s) => s.description === 'AX T2 TSE');
    assert.equal(series?.seriesInstanceUID, text(mr?.['0020000E']));
  });

  it('leaves no original UID in the JSON, the CSV or the page, and the CSV carries the new ones', () => {
    for (const name of ['inventory.json', 'lesions.csv', 'case.html']) {
      const content = utf8(entries.get(name));
      for (const uid of originalUids) assert.ok(!content.includes(uid), `${name} still has ${uid}`);
    }
    const ct = readPart10(entries.get('dicom/key-01.dcm') as Uint8Array).dict;
    assert.ok(utf8(entries.get('lesions.csv')).includes(text(ct['00080018'])));
  });

  it('captions the key images with the lesions on them and links their DICOM', () => {
    const html = utf8(entries.get('case.html'));
    assert.ok(
      html.includes(
        '<img src="images/key-01.png" alt="CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST, image 15: L1 Paraspinal, thoracic, right; L2 Paraspinal, thoracic, left">',
      ),
    );
    assert.ok(html.includes('AX T2 TSE, image 15: L1 Paraspinal, thoracic, right; L2 Paraspinal, thoracic, left'));
    assert.ok(html.includes('<a href="dicom/key-02.dcm">DICOM</a>'));
    assert.ok(html.includes('<h1>Extramedullary hematopoiesis in beta-thalassemia</h1>'));
  });

  it('drops the text and time chunks of a PNG and keeps its pixels', () => {
    const png = entries.get('images/key-01.png') as Uint8Array;
    const latin = Buffer.from(png).toString('latin1');
    assert.ok(!latin.includes('tEXt') && !latin.includes('tIME'));
    assert.deepEqual(png, stripPngMetadata(makePng(64, 64)));
    assert.deepEqual(stripPngMetadata(makePng(8, 8)), makePng(8, 8), 'a clean PNG passes unchanged');
    assert.throws(() => stripPngMetadata(new Uint8Array([1, 2, 3])), /not a PNG/);
  });
});

describe('buildTeachingZip with follow-up over time', () => {
  it('puts the chart in case.html (inline SVG, no dates) and as chart.png, with two time points or more', async () => {
    const inventory = withFollowUp(inventoryOnSampleFiles());
    const entries = await unzip(await buildTeachingZip({ text: CASE, inventory, keyImages: keyImages(), chartPng: makePng(8, 8) }));
    assert.ok(entries.has('chart.png'));
    const html = new TextDecoder().decode(entries.get('case.html'));
    assert.match(html, /<h2>Follow-up<\/h2>/);
    assert.match(html, /<svg [^>]*class="emh-change-chart-svg"/);
    assert.match(html, /data-lesion="L1" data-timepoint="T2" data-value="30"/);
    assert.match(html, /\+6 mo/);
    assert.doesNotMatch(html, /2024-?03-?1[24]|2024-?09-?1[02]/);
  });

  it('leaves both out with one time point', async () => {
    const entries = await unzip(
      await buildTeachingZip({ text: CASE, inventory: inventoryOnSampleFiles(), keyImages: keyImages(), chartPng: makePng(8, 8) }),
    );
    assert.ok(!entries.has('chart.png'));
    assert.doesNotMatch(new TextDecoder().decode(entries.get('case.html')), /<svg|Follow-up/);
  });
});

describe('buildTeachingZip refuses what would leak or cannot be trusted', () => {
  const inventory = (): EmhInventory => inventoryOnSampleFiles();

  it('when the user’s text names the patient, gives the ID, the birth date or a study date', async () => {
    const cases: [Partial<TeachingCaseText>, RegExp][] = [
      [{ history: `Seen as ${TRUTH.patient.id} in clinic.` }, /history contains the patient's ID/],
      [{ discussion: 'Mr Phantom, EMH was transfused.' }, /discussion contains the patient's name/],
      [{ title: 'Phantom EMH' }, /title contains the patient's name/],
      [{ findings: 'Compared with the CT of 2024-03-12.' }, /findings contains the patient's study date/],
      [{ differential: ['born 17.06.1989'] }, /differential contains the patient's birth date/],
    ];
    for (const [change, message] of cases) {
      await assert.rejects(buildTeachingZip({ text: { ...CASE, ...change }, inventory: inventory(), keyImages: [] }), message);
    }
    assert.equal(patientIdentityInText({ text: CASE, inventory: inventory(), keyImages: keyImages() }), null);
  });

  it('knows the patient from the key images’ DICOM when the inventory has no patient', async () => {
    const anonymous = sampleInventory({ teaching: true });
    assert.equal(anonymous.patient, undefined);
    const text = { ...CASE, history: `Known to us as ${TRUTH.patient.id}.` };
    await assert.rejects(buildTeachingZip({ text, inventory: anonymous, keyImages: keyImages() }), /history contains the patient's ID/);
    const noFiles = keyImages().map((k) => ({ ...k, dicom: null }));
    await buildTeachingZip({ text, inventory: anonymous, keyImages: noFiles }); // nothing to know the patient by
  });

  it('when a key image declares burned-in annotation, or is no PNG', async () => {
    const file = readPart10(sample('ct-nc/IM-0020.dcm'));
    file.dict['00280301'] = { vr: 'CS', Value: ['YES'] };
    const burned = { ...(keyImages()[0] as TeachingKeyImageInput), dicom: new Uint8Array(file.write()) };
    await assert.rejects(buildTeachingZip({ text: CASE, inventory: inventory(), keyImages: [burned] }), /Key image 1: .*burned-in/);
    const notPng = { ...(keyImages()[1] as TeachingKeyImageInput), png: new Uint8Array([0xff, 0xd8, 0xff]) };
    await assert.rejects(buildTeachingZip({ text: CASE, inventory: inventory(), keyImages: [notPng] }), /not a PNG/);
  });

  it('exports a key image without DICOM as PNG only, captioned from its series and number', async () => {
    const entries = await unzip(
      await buildTeachingZip({
        text: CASE,
        inventory: inventory(),
        keyImages: [{ png: makePng(16, 16), dicom: null, seriesDescription: 'AX T2 TSE', instanceNumber: 15 }],
      }),
    );
    assert.deepEqual([...entries.keys()].sort(), ['case.html', 'images/key-01.png', 'inventory.json', 'lesions.csv']);
    const html = utf8(entries.get('case.html'));
    assert.ok(html.includes('AX T2 TSE, image 15: L1 Paraspinal, thoracic, right; L2 Paraspinal, thoracic, left'));
    assert.ok(!html.includes('dicom/'));
  });
});

describe('buildTeachingZip timing', () => {
  it('packs 10 key images (10 DICOM files, 10 PNGs of ~300 KB)', async (t) => {
    const images: TeachingKeyImageInput[] = Array.from({ length: 10 }, (_, i) => ({
      png: makePng(280, 270, { noise: true }),
      dicom: sample(`ct-nc/IM-${String(i + 10).padStart(4, '0')}.dcm`),
      seriesDescription: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST',
      instanceNumber: i + 10,
    }));
    const pngKb = images.reduce((sum, image) => sum + image.png.length, 0) / images.length / 1024;
    const inventory = inventoryOnSampleFiles();
    const timed = async (): Promise<{ ms: number; zip: Uint8Array }> => {
      const start = performance.now();
      const zip = await buildTeachingZip({ text: CASE, inventory, keyImages: images });
      return { ms: performance.now() - start, zip };
    };
    // The first run includes compiling the code paths; the second is what a user sees next time.
    const first = await timed();
    const second = await timed();
    t.diagnostic(
      `teaching ZIP of 10 key images (10 DICOM + 10 PNG of ~${pngKb.toFixed(0)} KB): ` +
        `${first.ms.toFixed(0)} ms first run, ${second.ms.toFixed(0)} ms second run, ${(second.zip.length / 1024 / 1024).toFixed(2)} MB`,
    );
    const entries = await unzip(second.zip);
    assert.equal(entries.size, 23);
  });
});
