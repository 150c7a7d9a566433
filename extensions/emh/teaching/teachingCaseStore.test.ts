import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TeachingCaseStore } from './teachingCaseStore';

describe('teaching drafts', () => {
  it("are one per patient: key images and text of one patient never show in another's", () => {
    const teaching = new TeachingCaseStore();
    teaching.showCase('id:EMH-0001', 'ct');
    teaching.update({ title: 'EMH in thalassaemia' });
    teaching.setKeyImage({ seriesInstanceUID: 'ct-nc', instanceNumber: 24 }, true);
    teaching.showCase('id:JANCT000', 'jane');
    assert.deepEqual(teaching.keyImages(), []);
    assert.equal(teaching.update({}).title, '');
    teaching.setKeyImage({ seriesInstanceUID: 'jane-ct', instanceNumber: 3 }, true);
    teaching.showCase('id:EMH-0001', 'ct');
    assert.deepEqual(teaching.keyImages(), [{ seriesInstanceUID: 'ct-nc', instanceNumber: 24 }]);
    assert.equal(teaching.update({}).title, 'EMH in thalassaemia');
  });
});
