import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ANNEX_E_ATTRIBUTES } from '../extensions/emh/teaching/rules/annexE';
import { measureL4AndLiver, openViewer, pngStats, run, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** dcmdump's lines as tag -> value text ("(no value available)" when empty); top level only. */
function dump(file: string): Map<string, string> {
  const result = spawnSync('dcmdump', ['+L', file], { encoding: 'utf8' });
  expect(result.error, 'dcmdump could not run: install Debian package dcmtk').toBeUndefined();
  expect(result.status, result.stderr).toBe(0);
  const tags = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const match = /^\(([0-9a-f]{4}),([0-9a-f]{4})\) \w\w (.*?)\s+#/.exec(line);
    if (match) tags.set(`${match[1]}${match[2]}`.toUpperCase(), match[3]);
  }
  return tags;
}

function pngChunks(png: Buffer): string[] {
  const chunks: string[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    chunks.push(png.toString('latin1', offset + 4, offset + 8));
    offset += 12 + length;
  }
  return chunks;
}

test('teaching file: key images with annotations burned in, Annex E de-identified DICOM, no patient data anywhere, user text escaped', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ct = seriesUID('ct-nc');
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4');
  await measureL4AndLiver(page);
  await run(page, 'emh.updateLesion', { lesionId: 'L1', notes: HOSTILE });
  const liver = truth.organs.liver;
  await run(page, 'emh.updateCase', {
    title: `Paraspinal masses ${HOSTILE}`,
    history: '34-year-old man with beta-thalassemia.',
    diagnosis: 'Extramedullary hematopoiesis',
    differential: ['Lymphoma', 'Neurogenic tumour'],
  });
  await run(page, 'emh.setKeyImage', { seriesInstanceUID: ct, instanceNumber: l4.slice, on: true });
  await run(page, 'emh.setKeyImage', { seriesInstanceUID: ct, instanceNumber: liver.recommendedSlice, on: true });

  // The form: findings drafted from the inventory, both key images listed.
  await page.getByRole('button', { name: 'Teaching case' }).click();
  const findings = page.getByTestId('case-findings');
  await expect(findings).toHaveValue(/presacral/);
  await expect(findings).toHaveValue(/10\.0 x 5\.7 cm/);
  await expect(findings).toHaveValue(/103 HU/);
  await expect(page.getByTestId('key-image')).toHaveCount(2);
  await screenshot(page, testInfo, 'teaching-case-form');

  const base64 = await page.evaluate(async () => {
    const blob = (await window.emh.commands.run('emh.export', { format: 'teaching' })) as Blob;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  const zip = await JSZip.loadAsync(Buffer.from(base64, 'base64'));
  const names = Object.keys(zip.files)
    .filter((n) => !zip.files[n].dir)
    .sort();
  expect(names).toEqual([
    'case.html',
    'dicom/key-01.dcm',
    'dicom/key-02.dcm',
    'images/key-01.png',
    'images/key-02.png',
    'inventory.json',
    'lesions.csv',
  ]);

  // No patient name, ID, birth date or study date in any entry, decompressed, in any encoding.
  // ("Phantom" alone is also the manufacturer's name, which Annex E keeps.)
  const identifying = [
    truth.patient.name,
    'EMH, Phantom',
    'Phantom^EMH',
    truth.patient.id,
    truth.patient.birthDate,
    ...truth.studies.map((s) => s.date),
    '2024-03-12',
    '2024-03-14',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'emh-teaching-'));
  for (const name of names) {
    const bytes = Buffer.from(await zip.files[name].async('uint8array'));
    writeFileSync(join(dir, name.replace('/', '-')), bytes);
    for (const text of [bytes.toString('latin1'), bytes.toString('utf16le')]) {
      for (const value of identifying) expect(text.includes(value), `${value} in ${name}`).toBe(false);
    }
  }

  // HTML: the hostile note and title are text, not markup.
  const html = await zip.files['case.html'].async('string');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('Lymphoma');
  expect(html).toContain('10.0 x 5.7');

  // DICOM: every Annex E attribute removed, emptied or replaced; no private tags; flags set.
  const sopUids: string[] = [];
  for (const [index, key] of [l4.slice, liver.recommendedSlice].entries()) {
    const original = dump(join('sample-dicom/output/ct-nc', `IM-${String(key).padStart(4, '0')}.dcm`));
    const tags = dump(join(dir, `dicom-key-0${index + 1}.dcm`));
    for (const attribute of ANNEX_E_ATTRIBUTES) {
      const value = tags.get(attribute.tag);
      if (value === undefined || value === '(no value available)') continue;
      expect(/[DU]/.test(attribute.action), `${attribute.name} (${attribute.tag}) kept: ${value}`).toBe(true);
      if (original.has(attribute.tag)) expect(value, `${attribute.name} unchanged`).not.toBe(original.get(attribute.tag));
    }
    expect([...tags.keys()].filter((tag) => parseInt(tag.slice(0, 4), 16) % 2 === 1)).toEqual([]);
    expect(tags.get('00120062')).toBe('[YES]');
    expect(tags.get('00120063')).toContain('Annex E');
    expect(tags.get('00281052')).toBe('[-1024]'); // the image itself is untouched
    sopUids.push((tags.get('00080018') ?? '').replace(/[[\]]/g, ''));
  }
  // inventory.json's references point at the de-identified files.
  const inventory = JSON.parse(await zip.files['inventory.json'].async('string')) as {
    patient?: unknown;
    lesions: { refs: { sopInstanceUID: string }[] }[];
  };
  expect(inventory.patient).toBeUndefined();
  expect(sopUids).toContain(inventory.lesions[0].refs[0].sopInstanceUID);

  // PNG: pixels only, and the annotations are in them (Cornerstone draws them yellow-ish).
  for (const name of ['images/key-01.png', 'images/key-02.png']) {
    const png = Buffer.from(await zip.files[name].async('uint8array'));
    expect(pngChunks(png).filter((c) => !['IHDR', 'IDAT', 'IEND', 'sRGB', 'gAMA', 'pHYs'].includes(c))).toEqual([]);
  }
  const { yellow: annotationPixels } = await pngStats(
    page,
    Buffer.from(await zip.files['images/key-01.png'].async('uint8array')).toString('base64'),
  );
  expect(annotationPixels).toBeGreaterThan(100);

  expect(problems).toEqual([]);

  // Opened in a browser, the case page runs no script from the user's text. (Its images are
  // beside it in the ZIP, not here: their 404s are expected.)
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await page.setContent(html);
  await expect(page.getByText(HOSTILE).first()).toBeVisible();
  expect(dialogs).toBe(0);
  await screenshot(page, testInfo, 'teaching-case-html');
});
