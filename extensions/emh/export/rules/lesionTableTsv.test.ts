import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { LESION_TABLE_HEADER, lesionTableToTsv, tsvCell } from './lesionTableTsv';
import { sampleInventory } from './sampleInventory.fixture';

const tsv = lesionTableToTsv(sampleInventory());
const lines = tsv.split('\n');
const cells = lines.map((line) => line.split('\t'));

function line(id: string): string[] {
  const found = cells.find((c) => c[0] === id);
  if (!found) throw new Error(`no line ${id}`);
  return found;
}

describe('lesion table for pasting into a report', () => {
  it('has a header and one line per lesion, every line with the same cells, no trailing line break', () => {
    assert.deepEqual(cells[0], [...LESION_TABLE_HEADER]);
    assert.equal(lines.length, 1 + 8);
    for (const c of cells) assert.equal(c.length, LESION_TABLE_HEADER.length);
    assert.ok(!tsv.endsWith('\n'));
    assert.ok(!tsv.includes('\r'));
  });

  it('L4 reads as the case report does: presacral 10.0 x 5.7 cm, T2 0.57 hypo', () => {
    assert.deepEqual(line('L4').slice(0, 6), ['L4', 'Presacral', '10.0 x 5.7 cm', '42.0', '1.02 iso', '0.57 hypo']);
    assert.equal(line('L4')[6], 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST, image 50');
  });

  it('gives the site with its side and shows an override beside the automatic call', () => {
    assert.equal(line('L1')[1], 'Paraspinal, thoracic, right');
    assert.equal(line('L2')[5], '0.60 hypo → override: markedly hypo');
    assert.equal(line('L6')[1], 'Renal hilum, left');
  });

  it('turns line breaks and tabs inside a note into spaces, so the table keeps its shape', () => {
    assert.equal(line('L4')[7], 'Compared with 2019 CT, "stable"; see report');
    assert.equal(tsvCell('a\tb\r\nc\n\nd'), 'a b c d');
    assert.equal(tsvCell('  padded\n'), 'padded');
  });

  it('shows an uncalibrated size in pixels, never cm, and a dash for what was not measured', () => {
    const l6 = line('L6');
    assert.equal(l6[2], 'uncalibrated: 30 x 20 px');
    assert.deepEqual(l6.slice(3, 6), ['–', '–', '–']);
    assert.equal(line('L7')[3], '-12.5');
    assert.equal(line('L8')[3], '0.0', 'a measured 0 HU is not a dash');
  });

  it('is report text: a note is pasted as written', () => {
    assert.equal(line('L1')[7], '=HYPERLINK("x")');
  });
});
