import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { sampleCaseAnnotations } from '../../inventory/rules/sampleCase.fixture';
import { BASELINE_ONLY, FOLLOW_UP_CONTEXT, followUpStore } from '../../followUp/rules/followUpCase.fixture';
import { followUpForTeaching } from '../../followUp/rules/followUpInventory';
import { fixedDecimals, csvField } from './csvFormat';
import { csvObjects } from './csvTestParser';
import { inventoryToCsv } from './inventoryCsv';

const inventory = followUpStore().inventory(FOLLOW_UP_CONTEXT);
const rows = csvObjects(inventoryToCsv(inventory));

function lesionRow(id: string, timepoint: string): Record<string, string> {
  const found = rows.find((r) => r.kind === 'lesion' && r.lesion_id === id && r.timepoint === timepoint);
  if (!found) throw new Error(`no row of ${id} at ${timepoint}`);
  return found;
}

describe('CSV over two time points: one row per lesion per time point', () => {
  it('lists each lesion from its first time point, oldest first, lesion by lesion', () => {
    assert.deepEqual(
      rows.filter((r) => r.kind === 'lesion').map((r) => `${r.lesion_id} ${r.timepoint} ${r.status}`),
      [
        'L1 T1 measured',
        'L1 T2 measured',
        'L2 T1 measured',
        'L2 T2 not-measured',
        'L3 T1 measured',
        'L3 T2 resolved',
        'L4 T1 measured',
        'L4 T2 measured',
        'L5 T1 measured',
        'L5 T2 not-measured',
        'L6 T2 new',
      ],
    );
  });

  it('L1 42 -> 30 mm: -28.6 % from prior, baseline and nadir, each row on its own image and date', () => {
    const t1 = lesionRow('L1', 'T1');
    assert.deepEqual([t1.long_axis_cm, t1.short_axis_cm, t1.change_from_prior_pct, t1.study_date], ['4.2', '2.8', '', '2024-03-12']);
    assert.equal(t1.annotation_uid, 'ax-L1');
    assert.equal(t1.instance_number, '15');
    assert.equal(t1.series_description, 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST');
    const t2 = lesionRow('L1', 'T2');
    assert.deepEqual([t2.long_axis_cm, t2.short_axis_cm, t2.study_date, t2.annotation_uid], ['3', '2', '2024-09-10', 'fu-L1']);
    assert.deepEqual([t2.change_from_prior_pct, t2.change_from_baseline_pct, t2.change_from_nadir_pct], ['-28.6', '-28.6', '-28.6']);
    assert.equal(t2.instance_number, '20');
    assert.equal(t1.tracking_uid, t2.tracking_uid, 'one tracking UID for life');
    assert.equal(t2.tracking_uid, inventory.lesions.find((l) => l.id === 'L1')?.trackingUid);
  });

  it('L4 100 -> 75 mm: -25.0 %, written with one decimal and as a number (not neutralised)', () => {
    const t2 = lesionRow('L4', 'T2');
    assert.equal(t2.long_axis_cm, '7.5');
    assert.equal(t2.change_from_prior_pct, '-25.0');
    assert.equal(t2.change_from_baseline_pct, '-25.0');
    assert.equal(lesionRow('L4', 'T1').ct_mean_hu, '42', 'the earlier row keeps its own CT mean');
  });

  it('L3 resolved: 0 mm, -100.0 %, dated by its time point though nothing is on the images', () => {
    const t2 = lesionRow('L3', 'T2');
    assert.deepEqual(
      [t2.long_axis_cm, t2.short_axis_cm, t2.change_from_prior_pct, t2.change_from_nadir_pct],
      ['0', '0', '-100.0', '-100.0'],
    );
    assert.equal(t2.study_date, '2024-09-10');
    assert.equal(t2.sop_instance_uid, '');
  });

  it('a new lesion has its row at T2 only, status new, the changes empty', () => {
    const l6 = rows.filter((r) => r.lesion_id === 'L6');
    assert.equal(l6.length, 1);
    assert.equal(l6[0]?.status, 'new');
    assert.equal(l6[0]?.long_axis_cm, '2.4');
    for (const column of ['change_from_prior_pct', 'change_from_baseline_pct', 'change_from_nadir_pct']) assert.equal(l6[0]?.[column], '');
  });

  it('a lesion not measured at T2 has an empty size there and its warning on that row only', () => {
    const t2 = lesionRow('L2', 'T2');
    assert.equal(t2.long_axis_cm, '');
    assert.equal(t2.change_from_prior_pct, '');
    assert.match(t2.warnings ?? '', /Not measured at T2/);
    assert.equal(lesionRow('L2', 'T1').warnings, '');
  });

  it('the latest row gives the change the JSON gives, rounded', () => {
    for (const lesion of inventory.lesions) {
      const latest = rows.filter((r) => r.kind === 'lesion' && r.lesion_id === lesion.id).at(-1)!;
      const pct = lesion.change.fromPriorPct;
      assert.equal(latest.change_from_prior_pct, pct === null ? '' : pct.toFixed(1), lesion.id);
    }
  });

  it('adds the liver per time point', () => {
    const liver = rows.filter((r) => r.kind === 'liver-history');
    assert.deepEqual(
      liver.map((r) => [r.timepoint, r.study_date, r.ct_mean_hu, r.liver_call]),
      [
        ['T1', '2024-03-12', '103', 'above'],
        ['T2', '2024-09-10', '', 'none'],
      ],
    );
  });

  it('teaching: time point ids stay, every date goes', () => {
    const text = inventoryToCsv(followUpForTeaching(inventory), { teaching: true });
    assert.ok(!text.includes('2024-'), 'no date anywhere');
    assert.equal(csvObjects(text).find((r) => r.lesion_id === 'L4' && r.timepoint === 'T2')?.change_from_prior_pct, '-25.0');
  });
});

describe('CSV of one time point', () => {
  it('one row per lesion as before, at T1, status measured, no change, no liver history', () => {
    const store = createInventoryStore();
    for (const a of sampleCaseAnnotations()) store.upsert(a);
    const single = csvObjects(inventoryToCsv(store.inventory(BASELINE_ONLY)));
    const lesions = single.filter((r) => r.kind === 'lesion');
    assert.equal(lesions.length, 5);
    for (const r of lesions) {
      assert.equal(r.timepoint, 'T1');
      assert.equal(r.status, 'measured');
      assert.equal(r.change_from_prior_pct, '');
      assert.match(r.tracking_uid ?? '', /^2\.25\.\d+$/);
    }
    assert.equal(lesions.find((r) => r.lesion_id === 'L4')?.long_axis_cm, '10');
    assert.equal(lesions.find((r) => r.lesion_id === 'L4')?.t2_ratio, '0.57');
    assert.ok(!single.some((r) => r.kind === 'liver-history'));
  });
});

describe('CSV fixed decimals', () => {
  it('writes one decimal, no negative zero, empty for null', () => {
    assert.equal(csvField(fixedDecimals(-28.571428571428573, 1)), '-28.6');
    assert.equal(csvField(fixedDecimals(-25, 1)), '-25.0');
    assert.equal(csvField(fixedDecimals(-0.04, 1)), '0.0');
    assert.equal(csvField(fixedDecimals(null, 1)), '');
    assert.equal(csvField(fixedDecimals(Number.NaN, 1)), '');
  });
});
