import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { DicomJsonDataset } from '../../../../src/data/dicomweb/dicomJson';
import { newestPerStudy, priorReportCandidate } from './priorReportChoice';

const value = (vr: string, v: unknown) => ({ vr, Value: [v] });

function metadata(study: string, sop: string, content: string, extra: DicomJsonDataset = {}): DicomJsonDataset {
  return {
    '00080016': value('UI', '1.2.840.10008.5.1.4.1.1.88.34'),
    '00080018': value('UI', sop),
    '00080020': value('DA', study === 'S1' ? '20240312' : '20240910'),
    '00080023': value('DA', content.slice(0, 8)),
    '00080033': value('TM', content.slice(8)),
    '00080070': value('LO', 'EMH viewer project'),
    '00100020': value('LO', 'EMH-0001'),
    '0020000D': value('UI', study),
    '0020000E': value('UI', `${study}.9001`),
    '0040A504': value('SQ', { '0040DB00': value('CS', '1500') }),
    ...extra,
  };
}

describe('prior reports on the PACS', () => {
  it('takes our TID 1500 reports, by manufacturer or the 99EMH scheme, and nothing else', () => {
    assert.ok(priorReportCandidate(metadata('S1', 'a', '20240312100000')));
    const byScheme = metadata('S1', 'b', '20240312100000', {
      '00080070': value('LO', 'Other'),
      '00080110': value('SQ', { '00080102': value('SH', '99EMH') }),
    });
    assert.ok(priorReportCandidate(byScheme));
    assert.equal(priorReportCandidate(metadata('S1', 'c', '20240312100000', { '00080070': value('LO', 'Other') })), null);
    assert.equal(
      priorReportCandidate(metadata('S1', 'd', '20240312100000', { '00080016': value('UI', '1.2.840.10008.5.1.4.1.1.2') })),
      null,
    );
    assert.equal(
      priorReportCandidate(metadata('S1', 'e', '20240312100000', { '0040A504': value('SQ', { '0040DB00': value('CS', '2000') }) })),
      null,
    );
  });

  it("keeps the newest of each study, this patient's only, oldest study first", () => {
    const candidates = [
      metadata('S2', 'late', '20240911090000'),
      metadata('S1', 'old', '20240312100000'),
      metadata('S1', 'new', '20240313080000'),
      metadata('S1', 'other', '20250101000000', { '00100020': value('LO', 'SOMEONE-ELSE') }),
      metadata('S1', 'issuer', '20250101000000', { '00100021': value('LO', 'OTHER-HOSPITAL') }),
    ].map((m) => priorReportCandidate(m)!);
    assert.deepEqual(
      newestPerStudy(candidates, { id: 'EMH-0001', issuer: 'EMH-HOSPITAL' }).map((c) => c.sopInstanceUID),
      ['new', 'late'],
    );
  });
});
