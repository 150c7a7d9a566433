import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from './inventoryStore';

describe('rows and statuses a report brings', () => {
  it('keeps the report id when free, else takes the next, and keeps each tracking UID', () => {
    const store = createInventoryStore();
    const own = store.newLesion();
    assert.equal(own, 'L1');
    const ids = store.importLesions([
      { id: 'L1', trackingUid: '2.25.11' },
      { id: 'L4', trackingUid: '2.25.44' },
    ]);
    assert.deepEqual(ids, ['L2', 'L4']);
    assert.equal(store.lesion('L2')?.trackingUid, '2.25.11');
    assert.equal(store.lesion('L4')?.trackingUid, '2.25.44');
    assert.equal(store.lesion('L4')?.implicit, false);
    assert.ok(store.undo());
    assert.deepEqual(store.lesionIds(), ['L1']);
  });

  it('replaces a mark for the same lesion and study, skips unknown lesions, one undo step', () => {
    const store = createInventoryStore();
    store.importLesions([{ id: 'L3', trackingUid: '2.25.33' }]);
    const mark = { lesionId: 'L3', studyInstanceUID: '1.2.3', studyDate: '20240910', status: 'resolved' } as const;
    store.importStatusMarks([mark, { ...mark, lesionId: 'L9' }]);
    store.importStatusMarks([{ ...mark, status: 'not-evaluable' }]);
    assert.deepEqual(store.state().statusMarks, [{ ...mark, status: 'not-evaluable' }]);
    store.importStatusMarks([{ ...mark, status: 'not-evaluable' }]);
    assert.ok(store.undo());
    assert.deepEqual(store.state().statusMarks, [mark]);
  });
});
