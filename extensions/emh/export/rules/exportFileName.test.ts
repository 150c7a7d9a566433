import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { exportFileName, fileNameSafe, localIsoDay } from './exportFileName';
import { PATIENT } from './sampleInventory.fixture';

const DAY = new Date(2026, 10, 25, 0, 30);

describe('export file names', () => {
  it('names the patient and the day', () => {
    assert.equal(exportFileName('json', { patient: PATIENT }, DAY), 'emh-inventory-EMH-0001-2026-11-25.json');
    assert.equal(exportFileName('csv', { patient: PATIENT }, DAY), 'emh-inventory-EMH-0001-2026-11-25.csv');
    assert.equal(exportFileName('chart', { patient: PATIENT }, DAY), 'emh-follow-up-chart-EMH-0001-2026-11-25.png');
  });

  it('leaves the patient id out of a teaching export and when there is none', () => {
    assert.equal(exportFileName('json', { patient: PATIENT }, DAY, { teaching: true }), 'emh-inventory-2026-11-25.json');
    assert.equal(exportFileName('csv', {}, DAY), 'emh-inventory-2026-11-25.csv');
    assert.equal(exportFileName('csv', { patient: { ...PATIENT, id: null } }, DAY), 'emh-inventory-2026-11-25.csv');
    assert.equal(exportFileName('csv', { patient: { ...PATIENT, id: ' ^^ ' } }, DAY), 'emh-inventory-2026-11-25.csv');
  });

  it('makes a free-text patient id safe for a file name', () => {
    assert.equal(fileNameSafe('EMH^0001'), 'EMH_0001');
    assert.equal(fileNameSafe('../../etc/passwd'), 'etc_passwd');
    assert.equal(fileNameSafe('Müller 12/3'), 'M_ller_12_3');
    assert.equal(fileNameSafe('x'.repeat(100)).length, 64);
  });

  it('uses the local calendar day and refuses an invalid date', () => {
    assert.equal(localIsoDay(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
    assert.throws(() => exportFileName('json', {}, new Date(Number.NaN)), RangeError);
  });
});
