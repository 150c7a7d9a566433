import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { emptyTeachingCase, PARASPINAL_DIFFERENTIAL, type TeachingCaseText } from './teachingCase';
import { PATIENT, sampleInventory } from '../../export/rules/sampleInventory.fixture';
import { escapeHtml, liverSummaryText, teachingCaseHtml, textToHtml } from './caseHtml';

const ATTACK = '<img src=x onerror=alert(1)>';
const ESCAPED_ATTACK = '&lt;img src=x onerror=alert(1)&gt;';

function caseText(overrides: Partial<TeachingCaseText> = {}): TeachingCaseText {
  return {
    ...emptyTeachingCase(),
    title: `EMH ${ATTACK}`,
    history: '34-year-old man with beta-thalassemia.\nTransfusion dependent.\n\nBack pain for 3 months.',
    findings: 'Lobulated paraspinal masses.',
    diagnosis: 'Extramedullary hematopoiesis',
    discussion: `Iron-laden EMH & "burnt-out" foci ${ATTACK}`,
    differential: [PARASPINAL_DIFFERENTIAL[0] as string, `Lymphoma ${ATTACK}`],
    ...overrides,
  };
}

function render(text: TeachingCaseText = caseText()): string {
  const inventory = sampleInventory({ teaching: true });
  // The attack also arrives through a lesion note and a key image caption.
  const lesions = inventory.lesions.map((l) => (l.id === 'L3' ? { ...l, notes: ATTACK } : l));
  return teachingCaseHtml({
    text,
    inventory: { ...inventory, lesions },
    keyImages: [
      { pngName: 'key-01.png', caption: `AX T2 TSE, image 15 ${ATTACK}`, dicomName: 'key-01.dcm' },
      { pngName: 'key-02.png', caption: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST, image 50 — L4' },
    ],
  });
}

describe('teachingCaseHtml escapes everything it did not write itself', () => {
  const html = render();

  it('shows the <img onerror> title, note, caption and differential as text', () => {
    assert.ok(!html.includes('<img src=x'), 'a raw <img src=x> reached the page');
    assert.ok(!html.includes('onerror=alert(1)>'), 'an unescaped attribute reached the page');
    assert.ok(html.includes(`<h1>EMH ${ESCAPED_ATTACK}</h1>`));
    assert.ok(html.includes(`<title>EMH ${ESCAPED_ATTACK}</title>`));
    assert.ok(html.includes(`<td>${ESCAPED_ATTACK}</td>`), 'lesion note');
    assert.ok(html.includes(`<li>Lymphoma ${ESCAPED_ATTACK}</li>`), 'differential entry');
    assert.ok(html.includes(`alt="AX T2 TSE, image 15 ${ESCAPED_ATTACK}"`), 'caption as alt text');
    assert.ok(html.includes(`<figcaption>AX T2 TSE, image 15 ${ESCAPED_ATTACK}`), 'caption');
  });

  it('escapes & < > " and \' wherever they come from', () => {
    assert.equal(escapeHtml(`a & b < c > d "e" 'f'`), 'a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;');
    assert.ok(html.includes('Iron-laden EMH &amp; &quot;burnt-out&quot; foci'));
    assert.ok(html.includes('<td>=HYPERLINK(&quot;x&quot;)</td>'), 'the formula-like note of L1, escaped, not neutralised');
  });

  it('allows no script at all, even if an escape were missed', () => {
    assert.ok(!/<script/i.test(html));
    assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src * data:"`));
  });

  it('turns blank lines into paragraphs and single line breaks into <br>', () => {
    assert.ok(html.includes('<p>34-year-old man with beta-thalassemia.<br>Transfusion dependent.</p>\n<p>Back pain for 3 months.</p>'));
    assert.equal(textToHtml('one\r\ntwo\r\n\r\n\r\nthree'), '<p>one<br>two</p>\n<p>three</p>');
    assert.equal(textToHtml('  \n \n'), '');
    // A note keeps its line break inside its cell.
    assert.ok(html.includes('<td>Compared with 2019 CT, &quot;stable&quot;;<br>see report</td>'));
  });
});

describe('teachingCaseHtml content', () => {
  const html = render();

  it('has every section of the case, in order', () => {
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    assert.deepEqual(headings, ['History', 'Findings', 'Diagnosis', 'Discussion', 'Differential diagnosis', 'Lesions', 'Key images']);
    assert.ok(html.includes('<ol><li>Neurogenic tumour</li>'));
  });

  it('leaves out a section the user left empty, and names an untitled case', () => {
    const bare = render(caseText({ title: ' ', discussion: '', differential: [] }));
    assert.ok(!bare.includes('<h2>Discussion</h2>'));
    assert.ok(!bare.includes('<h2>Differential diagnosis</h2>'));
    assert.ok(bare.includes('<h1>Untitled teaching case</h1>'));
  });

  it('tabulates each lesion: site, side, L x S in cm (pixels when uncalibrated), CT HU, T1 and T2 with overrides', () => {
    assert.ok(
      html.includes('<tr><td>L4</td><td>Presacral</td><td>–</td><td>10.0 x 5.7 cm</td><td>42.0</td><td>1.02 iso</td><td>0.57 hypo</td>'),
    );
    assert.ok(
      html.includes(
        '<tr><td>L1</td><td>Paraspinal, thoracic</td><td>Right</td><td>4.2 x 2.8 cm</td><td>48.0</td><td>1.00 iso</td><td>0.60 hypo</td>',
      ),
    );
    assert.ok(html.includes('<td>0.60 hypo → override: markedly hypo</td>'), 'L2 override beside the automatic call');
    assert.ok(html.includes('<tr><td>L6</td><td>Renal hilum</td><td>Left</td><td>uncalibrated: 30 x 20 px</td><td>–</td>'));
    assert.ok(html.includes('<td>-12.5</td>'), 'a fatty focus keeps its negative HU');
  });

  it('states the liver summary against the normal range', () => {
    assert.ok(
      html.includes(
        '<p class="liver">Liver 103.0 HU (mean of 3 ROIs; pixel-weighted 103.0 HU): Above 54–60 HU, unenhanced. ' +
          'Spleen 62.0 HU; liver minus spleen +41.0 HU; liver / spleen 1.66.</p>',
      ),
    );
    const inventory = sampleInventory({ teaching: true });
    assert.equal(liverSummaryText({ ...inventory.liver, meanHU: null }), 'Liver: not measured.');
  });

  it('shows the key images from images/ with their captions and a link to the de-identified DICOM', () => {
    assert.ok(html.includes('<img src="images/key-01.png"'));
    assert.ok(html.includes('<a href="dicom/key-01.dcm">DICOM</a>'));
    assert.ok(html.includes('<img src="images/key-02.png" alt="CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST, image 50 — L4">'));
    assert.equal((html.match(/<figure>/g) ?? []).length, 2);
  });

  it('never prints patient data, even when handed an inventory that still has it', () => {
    const withPatient = teachingCaseHtml({ text: caseText(), inventory: sampleInventory(), keyImages: [] });
    for (const identifying of [PATIENT.name, PATIENT.id, '20261125', '20261126', 'A-1']) {
      assert.ok(!withPatient.includes(identifying as string), identifying as string);
    }
  });
});
