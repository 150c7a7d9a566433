import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { dcmjsData as dcmjs, type DicomDataset as Dataset, type DicomElement, type DicomFile as Part10 } from '../../../../src/data/dcmjs';

import { ANNEX_E_ATTRIBUTES, ANNEX_E_BY_TAG, ANNEX_E_EDITION, formatTag } from './annexE';
import { DUMMY_CONTRAST_AGENT, deidentifyInstance, deidentifyPart10, UidRemapper } from './deidentify';

// ---------------------------------------------------------------- helpers

const REPO = join(import.meta.dirname, '../../../..');
const OUTPUT = join(REPO, 'sample-dicom/output');
const TRUTH = JSON.parse(readFileSync(join(REPO, 'sample-dicom/truth.json'), 'utf8')) as {
  patient: { name: string; id: string; birthDate: string };
  studies: { date: string; accessionNumber: string }[];
};

const sample = (path: string): Uint8Array => new Uint8Array(readFileSync(join(OUTPUT, path)));
const readPart10 = (bytes: Uint8Array): Part10 => dcmjs.DicomMessage.readFile(bytes.slice().buffer);
const text = (element: DicomElement | undefined): string => String(element?.Value?.[0] ?? '');
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

const workDir = mkdtempSync(join(tmpdir(), 'emh-deid-'));
let written = 0;
function writeTemp(bytes: Uint8Array): string {
  written += 1;
  const path = join(workDir, `file-${written}.dcm`);
  writeFileSync(path, bytes);
  return path;
}

/** Null when the tool is not installed. */
function run(tool: string, args: readonly string[]): string | null {
  const result = spawnSync(tool, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  return `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
}

interface DumpLine {
  readonly depth: number;
  /** "00100010", as the Annex E table keys it. */
  readonly tag: string;
  readonly vr: string;
  /** "" for an empty value or an empty sequence. */
  readonly value: string;
}

/** dcmdump -M +L -Un: every element at every depth, pixel data not loaded, UIDs as numbers. */
function dcmdump(bytes: Uint8Array): DumpLine[] | null {
  const output = run('dcmdump', ['-M', '+L', '-Un', writeTemp(bytes)]);
  if (output === null) return null;
  const lines: DumpLine[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\s*)\(([0-9a-f]{4}),([0-9a-f]{4})\) (\w\w) (.*?)\s+#/.exec(line);
    if (!match) continue;
    const [, indent = '', group = '', element = '', vr = '', rest = ''] = match;
    if (group === 'fffe') continue;
    const bracketed = /^\[(.*)\]$/.exec(rest);
    const empty = rest.startsWith('(no value') || /#=0\)$/.test(rest);
    lines.push({
      depth: Math.floor(indent.length / 4),
      tag: `${group}${element}`.toUpperCase(),
      vr,
      value: bracketed ? (bracketed[1] ?? '') : empty ? '' : rest,
    });
  }
  return lines;
}

const DCMDUMP_MISSING = 'dcmdump is not installed (Debian package dcmtk); checked with dcmjs only';
const DCIODVFY_MISSING = 'dciodvfy is not installed (Debian package dicom3tools); IOD not checked';

/** Skips the test with the reason; under CI=true fails it instead, so CI never passes without the tool. */
function toolMissing(t: TestContext, reason: string): void {
  if (process.env.CI === 'true') assert.fail(`${reason}, and CI=true requires it`);
  t.skip(reason);
}

function dciodvfyErrors(bytes: Uint8Array): string[] | null {
  const output = run('dciodvfy', [writeTemp(bytes)]);
  return output === null ? null : output.split('\n').filter((line) => /error/i.test(line));
}

/** Every UID an input file carries, except well-known ones (SOP classes, transfer syntaxes). */
function instanceUids(dataset: Dataset): string[] {
  const found: string[] = [];
  for (const element of Object.values(dataset)) {
    if (element.vr === 'UI') found.push(...(element.Value ?? []).map(String).filter((u) => !u.startsWith('1.2.840.10008.')));
    if (element.vr === 'SQ') for (const item of (element.Value ?? []) as Dataset[]) found.push(...instanceUids(item));
  }
  return found;
}

after(() => rmSync(workDir, { recursive: true, force: true }));

before(() => {
  if (existsSync(join(OUTPUT, 'manifest.json'))) return;
  const generated = spawnSync('npx', ['tsx', 'sample-dicom/generate.ts'], { cwd: REPO, stdio: 'inherit' });
  assert.equal(generated.status, 0, 'could not generate the sample case (npm run sample)');
});

// ---------------------------------------------------------------- the table

describe('the Annex E table', () => {
  it(`holds the ${ANNEX_E_EDITION} basic profile rows, once each`, () => {
    assert.equal(ANNEX_E_BY_TAG.size, ANNEX_E_ATTRIBUTES.length);
    assert.ok(ANNEX_E_ATTRIBUTES.length > 600);
    const action = (tag: string) => ANNEX_E_BY_TAG.get(tag)?.action;
    assert.equal(action('00100010'), 'Z'); // Patient's Name
    assert.equal(action('00100020'), 'Z/D'); // Patient ID
    assert.equal(action('00100030'), 'Z'); // Birth Date
    assert.equal(action('00100040'), 'Z'); // Sex: kept only by the Retain Patient Characteristics option
    assert.equal(action('00101010'), 'X'); // Age: likewise
    assert.equal(action('00080020'), 'Z'); // Study Date
    assert.equal(action('0008103E'), 'X'); // Series Description: kept only by Clean Descriptors
    assert.equal(action('00081155'), 'U'); // Referenced SOP Instance UID
    assert.equal(action('00020003'), 'U'); // Media Storage SOP Instance UID
  });

  it('names each row as dcmjs’s dictionary does, so no tag was mistyped', () => {
    const byTag = new Map(Object.entries(dcmjs.DicomMetaDictionary.nameMap).map(([name, entry]) => [entry?.tag, name]));
    const words = (name: string) =>
      name
        .toLowerCase()
        .replace(/^retired_/, '')
        .replace(/'s\b/g, '')
        .replace(/[^a-z0-9]/g, '');
    const mismatches = ANNEX_E_ATTRIBUTES.filter((row) => !row.name.startsWith('GPS attributes')).flatMap((row) => {
      const known = byTag.get(formatTag(row.tag));
      return known === undefined || words(known) === words(row.name) ? [] : [`${formatTag(row.tag)} ${row.name} vs ${known}`];
    });
    assert.deepEqual(mismatches, []);
  });
});

// ---------------------------------------------------------------- the sample files

describe('deidentifyPart10 on the sample case', () => {
  const inputs = { ct15: 'ct-nc/IM-0015.dcm', ct16: 'ct-nc/IM-0016.dcm', mr15: 'mr-t2/IM-0015.dcm', pv05: 'ct-pv/IM-0005.dcm' };
  const uids = new UidRemapper();
  const original: Record<string, Uint8Array> = {};
  const output: Record<string, Uint8Array> = {};
  before(() => {
    for (const [key, path] of Object.entries(inputs)) {
      original[key] = sample(path);
      output[key] = deidentifyPart10(original[key] as Uint8Array, uids);
    }
  });

  it('empties or removes every Annex E attribute the input had, at every depth', (t) => {
    for (const key of Object.keys(inputs)) {
      const before = dcmdump(original[key] as Uint8Array);
      const after = dcmdump(output[key] as Uint8Array);
      if (before === null || after === null) return toolMissing(t, DCMDUMP_MISSING);
      const inputUids = new Set(before.filter((l) => l.vr === 'UI').map((l) => l.value));
      const listedInInput = before.filter((l) => ANNEX_E_BY_TAG.has(l.tag) && l.value !== '');
      assert.ok(listedInInput.length >= 30, `${key}: only ${listedInInput.length} listed attributes in the input?`);
      for (const line of after.filter((l) => ANNEX_E_BY_TAG.has(l.tag))) {
        const rule = ANNEX_E_BY_TAG.get(line.tag);
        const where = `${key} ${formatTag(line.tag)} ${rule?.name} = "${line.value}"`;
        if (rule?.action === 'X') assert.fail(`${where}: should be removed`);
        if (line.value === '') continue;
        if (line.vr === 'UI') assert.ok(/^2\.25\.\d+$/.test(line.value) && !inputUids.has(line.value), `${where}: not a new UID`);
        else if (line.tag === '00180010') assert.equal(line.value, DUMMY_CONTRAST_AGENT, where);
        else assert.ok(line.tag === '00120064' || rule?.action.includes('D'), `${where}: should be empty`);
      }
      for (const line of listedInInput) {
        const kept = after.find((l) => l.tag === line.tag && l.depth === line.depth);
        if (kept && kept.vr !== 'SQ') assert.notEqual(kept.value, line.value, `${key} ${formatTag(line.tag)} kept its value`);
      }
    }
  });

  it('keeps the IOD’s Type 2 attributes present but empty, and the image itself intact', (t) => {
    const after = dcmdump(output.ct15 as Uint8Array);
    if (after === null) return toolMissing(t, DCMDUMP_MISSING);
    const top = new Map(after.filter((l) => l.depth === 0).map((l) => [l.tag, l.value]));
    for (const tag of [
      '00100010',
      '00100020',
      '00100030',
      '00100040',
      '00080020',
      '00080030',
      '00080050',
      '00080090',
      '00200010',
      '00080023',
      '00080033',
    ]) {
      assert.equal(top.get(tag), '', `${formatTag(tag)} should be present and empty`);
    }
    for (const tag of [
      '00101010',
      '00101020',
      '00101030',
      '00100021',
      '00080080',
      '00080081',
      '00081010',
      '00181000',
      '00081070',
      '00081050',
      '00081030',
      '0008103E',
      '00181030',
      '00200040',
      '00080012',
      '00080013',
      '00080021',
      '00080022',
      '00080031',
      '00080032',
    ]) {
      assert.ok(!top.has(tag), `${formatTag(tag)} should be removed`);
    }
    assert.equal(top.get('00080060'), 'CT');
    assert.equal(top.get('00280030'), '1.5\\1.5');
    assert.equal(top.get('00281052'), '-1024');
    assert.equal(top.get('00200013'), '15');
    assert.equal(top.get('00120062'), 'YES');
    assert.equal(top.get('00120063'), 'DICOM PS3.15 Annex E Basic Application Confidentiality Profile');
    assert.equal(top.get('00280303'), 'REMOVED');
    const code = after.filter((l) => l.depth === 1 && ['00080100', '00080102', '00080104'].includes(l.tag)).map((l) => l.value);
    assert.ok(code.join('|').includes('113100|DCM|Basic Application Confidentiality Profile'), code.join('|'));
  });

  it('drops every private tag', (t) => {
    const after = dcmdump(output.ct15 as Uint8Array);
    if (after === null) return toolMissing(t, DCMDUMP_MISSING);
    assert.deepEqual(
      after.filter((l) => Number.parseInt(l.tag.slice(0, 4), 16) % 2 === 1),
      [],
    );
  });

  it('leaves no original UID anywhere in the bytes, and keeps SOP class and transfer syntax', () => {
    for (const key of Object.keys(inputs)) {
      const before = readPart10(original[key] as Uint8Array);
      const bytes = latin1(output[key] as Uint8Array);
      for (const uid of [...instanceUids(before.meta), ...instanceUids(before.dict)]) {
        assert.ok(!bytes.includes(uid), `${key}: ${uid} is still in the file`);
      }
      const after = readPart10(output[key] as Uint8Array);
      assert.equal(text(after.dict['00080016']), text(before.dict['00080016']));
      assert.equal(text(after.meta['00020010']), text(before.meta['00020010']));
      assert.equal(text(after.meta['00020003']), text(after.dict['00080018']), 'meta and data set agree on the SOP Instance UID');
    }
  });

  it('maps the same input UID to the same output UID across the files of one export', () => {
    const [ct15, ct16, mr15] = [output.ct15, output.ct16, output.mr15].map((b) => readPart10(b as Uint8Array).dict);
    for (const tag of ['0020000D', '0020000E', '00200052']) {
      assert.equal(text(ct15?.[tag]), text(ct16?.[tag]), `${formatTag(tag)} differs within one series`);
    }
    assert.notEqual(text(ct15?.['00080018']), text(ct16?.['00080018']));
    assert.notEqual(text(ct15?.['0020000D']), text(mr15?.['0020000D']), 'the MR study is another study');
    // And a later call with the same remapper gives the same answer.
    const again = deidentifyInstance(original.ct15 as Uint8Array, uids);
    assert.equal(again.sopInstanceUID, text(ct15?.['00080018']));
    assert.equal(again.seriesInstanceUID, text(ct15?.['0020000E']));
    // A new export gets new UIDs.
    assert.notEqual(deidentifyInstance(original.ct15 as Uint8Array, new UidRemapper()).sopInstanceUID, again.sopInstanceUID);
  });

  it('passes the pixel data through byte for byte', () => {
    for (const key of Object.keys(inputs)) {
      const before = readPart10(original[key] as Uint8Array).dict['7FE00010']?.Value?.[0] as ArrayBuffer;
      const after = readPart10(output[key] as Uint8Array).dict['7FE00010']?.Value?.[0] as ArrayBuffer;
      assert.ok(Buffer.from(before).equals(Buffer.from(after)), `${key}: pixel data changed`);
    }
  });

  it('leaves no patient name, ID, birth date, study date or institution in the bytes', () => {
    const identifying = [
      TRUTH.patient.name,
      TRUTH.patient.id,
      TRUTH.patient.birthDate,
      'Phantom General Hospital',
      'Referrer^Rita',
      'CT-SN-0042',
    ];
    for (const study of TRUTH.studies) identifying.push(study.date, study.accessionNumber);
    for (const key of Object.keys(inputs)) {
      for (const value of identifying) assert.ok(!latin1(output[key] as Uint8Array).includes(value), `${key}: ${value}`);
    }
  });

  it('keeps an enhanced series recognisable: the agent becomes a dummy, the fact of contrast stays', () => {
    const dict = readPart10(output.pv05 as Uint8Array).dict;
    assert.equal(text(dict['00180010']), DUMMY_CONTRAST_AGENT);
    assert.ok(!latin1(output.pv05 as Uint8Array).includes('IOHEXOL'));
  });

  it('adds no dciodvfy error', (t) => {
    for (const key of Object.keys(inputs)) {
      const before = dciodvfyErrors(original[key] as Uint8Array);
      const after = dciodvfyErrors(output[key] as Uint8Array);
      if (before === null || after === null) return toolMissing(t, DCIODVFY_MISSING);
      assert.deepEqual(
        after.filter((e) => !before.includes(e)),
        [],
        `${key}: new dciodvfy errors`,
      );
      assert.deepEqual(after, [], `${key}: dciodvfy errors`);
    }
  });
});

// ---------------------------------------------------------------- awkward input

/** A sample slice with the things real files carry: private tags, nested identity, overlays. */
function awkwardFile(referenced: Dataset): Uint8Array {
  const file = readPart10(sample('ct-nc/IM-0016.dcm'));
  const pn = (name: string): DicomElement => ({ vr: 'PN', Value: [{ Alphabetic: name }] });
  const lo = (value: string): DicomElement => ({ vr: 'LO', Value: [value] });
  Object.assign(file.dict, {
    '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
    '00090010': lo('EMH PRIVATE'),
    '00091001': lo('EMH^Phantom, room 12'),
    '0008114A': {
      vr: 'SQ',
      Value: [
        {
          '00081150': referenced['00080016'],
          '00081155': referenced['00080018'],
          '00100010': pn(TRUTH.patient.name),
          '00090010': lo('EMH PRIVATE'),
          '00091002': lo(TRUTH.patient.id),
          '00400260': {
            vr: 'SQ',
            Value: [
              {
                '00080100': { vr: 'SH', Value: ['EMH1'] },
                '00080102': { vr: 'SH', Value: ['99EMH'] },
                '00080104': lo('Läsion, präsakral'),
                '00080020': { vr: 'DA', Value: [TRUTH.studies[0]?.date] },
                '00100020': lo(TRUTH.patient.id),
              },
            ],
          },
        },
      ],
    },
    '00081140': { vr: 'SQ', Value: [{ '00081150': referenced['00080016'], '00081155': referenced['00080018'] }] },
    '00101002': { vr: 'SQ', Value: [{ '00100020': lo('EMH-0001-OLD') }] },
    '0040A730': {
      vr: 'SQ',
      Value: [{ '0040A123': pn('Radiologist^Ravi'), '0040A121': { vr: 'DA', Value: ['20240312'] }, '0040A124': referenced['00080018'] }],
    },
    '00100033': lo('1410-09-26 (Hijri)'),
    '00141020': { vr: 'DA', Value: ['20240312'] },
    '00180010': lo('NONE'),
    '60000010': { vr: 'US', Value: [256] },
    '60000011': { vr: 'US', Value: [256] },
    '60003000': { vr: 'OW', Value: [new ArrayBuffer(8192)] },
  });
  return new Uint8Array(file.write());
}

describe('deidentifyPart10 on awkward input', () => {
  const uids = new UidRemapper();
  const referencedBytes = sample('ct-nc/IM-0015.dcm');
  const referenced = readPart10(referencedBytes).dict;
  const output = deidentifyPart10(awkwardFile(referenced), uids);
  const referencedOut = deidentifyInstance(referencedBytes, uids);
  const bytes = latin1(output);

  it('cleans identity inside nested sequences and drops private tags at every depth', (t) => {
    for (const value of [TRUTH.patient.name, TRUTH.patient.id, 'Radiologist^Ravi', '20240312', 'EMH PRIVATE', 'Hijri']) {
      assert.ok(!bytes.includes(value), value);
    }
    const lines = dcmdump(output);
    if (lines === null) return toolMissing(t, DCMDUMP_MISSING);
    assert.deepEqual(
      lines.filter((l) => Number.parseInt(l.tag.slice(0, 4), 16) % 2 === 1),
      [],
      'private tags',
    );
    for (const line of lines.filter((l) => ['00100010', '00100020', '00080020'].includes(l.tag))) {
      assert.equal(line.value, '', `${formatTag(line.tag)} at depth ${line.depth}`);
    }
    assert.ok(
      lines.some((l) => l.tag === '00100010' && l.depth === 1),
      'the nested Patient Name is emptied, not lost',
    );
  });

  it('remaps a nested reference to the very UID the referenced file gets', () => {
    const dict = readPart10(output).dict;
    const item = (dict['0008114A']?.Value?.[0] ?? {}) as Dataset;
    assert.equal(text(item['00081155']), referencedOut.sopInstanceUID);
    assert.equal(text(item['00081150']), text(referenced['00080016']), 'the SOP class is kept');
    const content = (dict['0040A730']?.Value?.[0] ?? {}) as Dataset;
    assert.equal(text(content['0040A124']), referencedOut.sopInstanceUID);
    assert.deepEqual(content['0040A123']?.Value, [{ Alphabetic: 'ANONYMIZED' }], 'Person Name (D) gets a dummy');
    assert.equal(text(content['0040A121']), '19000101', 'Date (D) gets a dummy');
  });

  it('removes what the profile removes: referenced images, other IDs, overlays, unlisted dates', () => {
    const dict = readPart10(output).dict;
    for (const tag of ['00081140', '00101002', '60000010', '60000011', '60003000', '00141020', '00100033']) {
      assert.equal(dict[tag], undefined, formatTag(tag));
    }
    assert.ok(dict['00180010'] !== undefined && text(dict['00180010']) === '', 'an agent of "NONE" is simply emptied');
  });

  it('keeps non-ASCII text inside sequences as it was written (UTF-8, not double-encoded)', () => {
    const utf8 = Buffer.from(output).toString('utf8');
    assert.ok(utf8.includes('Läsion, präsakral'));
    assert.ok(!utf8.includes('LÃ¤sion'));
  });

  it('refuses an image that declares burned-in annotation', () => {
    const file = readPart10(sample('ct-nc/IM-0017.dcm'));
    file.dict['00280301'] = { vr: 'CS', Value: ['YES'] };
    assert.throws(() => deidentifyPart10(new Uint8Array(file.write()), uids), /burned-in annotation/);
  });
});

describe('UidRemapper', () => {
  it('gives 2.25 UIDs of at most 64 characters, the same one for the same input', () => {
    const uids = new UidRemapper();
    const a = uids.map('1.2.3.4');
    assert.match(a, /^2\.25\.[1-9]\d{0,38}$/);
    assert.ok(a.length <= 64);
    assert.equal(uids.map('1.2.3.4'), a);
    assert.equal(uids.map('1.2.3.4\0'), a, 'NUL padding is not part of the UID');
    assert.notEqual(uids.map('1.2.3.5'), a);
    assert.equal(uids.size, 2);
  });
});
