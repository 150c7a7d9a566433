import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CT_PLAIN, MR_T1, axesAnnotation, huAnnotation, roiStats, signalAnnotation } from '../../../inventory/rules/sampleCase.fixture';
import type { EmhAnnotation } from '../../../inventory/rules/annotationTypes';
import type { IndexPoint } from '../../../lesions/rules/lesionMeasurement';
import { LESION_FINDING, LIVER_SITE, REFERENCE_REGION, SKELETAL_MUSCLE, SPLEEN_SITE } from '../../../sr/rules/srCodes';
import { describesGroup, isRecordOf, type RecordBase } from './toolMapping';
import {
  HU_ROI_MAPPINGS,
  SIGNAL_ROI_MAPPINGS,
  TOOL_MAPPINGS,
  isEmhToolName,
  mappingOfCommand,
  mappingOfRecord,
  mappingOfTool,
} from './toolMappings';

const base = (record: EmhAnnotation): RecordBase => {
  const { annotationUID, ref, series, slicePositionMm } = record;
  return { annotationUID, ref, series, slicePositionMm };
};

/** One record of every tool, as the inventory holds them. */
const RECORDS: readonly EmhAnnotation[] = [
  axesAnnotation('axes', CT_PLAIN, 20, 40, 20),
  signalAnnotation('muscle', MR_T1, 10, 'muscle', 400),
  signalAnnotation('lesion-mr', MR_T1, 10, 'lesion', 300),
  huAnnotation('liver', CT_PLAIN, 20, 'liver', 60),
  huAnnotation('spleen', CT_PLAIN, 20, 'spleen', 50),
  huAnnotation('lesion-hu', CT_PLAIN, 20, 'lesion', 30),
];

describe('the EMH tool mappings', () => {
  it('give each tool one name, one command and one kind of record', () => {
    assert.equal(new Set(TOOL_MAPPINGS.map((m) => m.toolName)).size, TOOL_MAPPINGS.length);
    assert.equal(new Set(TOOL_MAPPINGS.map((m) => m.command)).size, TOOL_MAPPINGS.length);
    for (const mapping of TOOL_MAPPINGS) {
      assert.equal(mappingOfTool(mapping.toolName), mapping);
      assert.equal(mappingOfCommand(mapping.command), mapping);
      assert.equal(mappingOfRecord(mapping.record), mapping);
      assert.equal(isEmhToolName(mapping.toolName), true);
    }
    assert.equal(isEmhToolName('Bidirectional'), false);
    assert.equal(mappingOfTool('EllipticalROI'), undefined);
  });

  it('turn what an annotation measured into the record of its tool, and tell that record back', () => {
    for (const record of RECORDS) {
      const mapping = mappingOfRecord(record);
      assert.ok(mapping, record.annotationUID);
      const stats = record.kind === 'lesionAxes' ? null : record.stats;
      const indexPoints: IndexPoint[] = [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
      ];
      const made = mapping.toRecord({ base: base(record), indexPoints, calibration: null, stats });
      assert.ok(made);
      assert.equal(made.kind, record.kind);
      assert.equal(isRecordOf(mapping, made), true);
      assert.equal(TOOL_MAPPINGS.filter((m) => isRecordOf(m, made)).length, 1);
    }
  });

  it('make no ROI record before Cornerstone computed its statistics, and no axes of fewer than four points', () => {
    const record = RECORDS[3]!;
    for (const mapping of TOOL_MAPPINGS) {
      const stats = mapping.shape === 'ellipse' ? null : roiStats(1);
      const points: IndexPoint[] =
        mapping.shape === 'axes'
          ? [
              [0, 0],
              [1, 1],
            ]
          : [
              [0, 0],
              [1, 1],
              [2, 2],
              [3, 3],
            ];
      assert.equal(mapping.toRecord({ base: base(record), indexPoints: points, calibration: null, stats }), null, mapping.toolName);
    }
  });

  it('draw a report ellipse with the vertical axis first, as Cornerstone keeps its handles', () => {
    const liver = mappingOfCommand('liver')!;
    const horizontalFirst: readonly [IndexPoint, IndexPoint, IndexPoint, IndexPoint] = [
      [0, 5],
      [10, 5],
      [5, 2],
      [5, 8],
    ];
    assert.deepEqual(liver.handlesFromReport({ ellipse: horizontalFirst }), [
      [5, 2],
      [5, 8],
      [0, 5],
      [10, 5],
    ]);
    assert.equal(liver.handlesFromReport({ ellipse: null }), null);
    const axes = mappingOfCommand('lesion')!;
    assert.deepEqual(
      axes.handlesFromReport({
        longAxis: [
          [0, 0],
          [4, 0],
        ],
        shortAxis: [
          [2, -1],
          [2, 1],
        ],
      }),
      [
        [0, 0],
        [4, 0],
        [2, -1],
        [2, 1],
      ],
    );
  });

  it('tell a report group apart by its finding first, then by its site', () => {
    const hu = (finding: typeof LESION_FINDING | null, site: typeof LIVER_SITE | null) =>
      HU_ROI_MAPPINGS.find((m) => describesGroup(m, finding, site))?.record.organ ?? null;
    const signal = (finding: typeof LESION_FINDING | null, site: typeof LIVER_SITE | null) =>
      SIGNAL_ROI_MAPPINGS.find((m) => describesGroup(m, finding, site))?.record.role ?? null;
    assert.equal(hu(LESION_FINDING, LIVER_SITE), 'lesion');
    assert.equal(hu(null, LIVER_SITE), 'liver');
    assert.equal(hu(null, SPLEEN_SITE), 'spleen');
    assert.equal(hu(null, null), null);
    assert.equal(signal(REFERENCE_REGION, null), 'muscle');
    assert.equal(signal(null, SKELETAL_MUSCLE), 'muscle');
    assert.equal(signal(LESION_FINDING, SKELETAL_MUSCLE), 'muscle');
    assert.equal(signal(LESION_FINDING, null), 'lesion');
    assert.equal(signal(null, LIVER_SITE), null);
  });
});
