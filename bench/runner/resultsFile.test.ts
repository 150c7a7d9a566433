import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSections, type SuiteSection } from './resultsFile';

const section = (name: string, kept = true): SuiteSection => ({ name, markdown: `## ${name}`, measured: '2026-12-07T00:00:00Z', kept });

test("a run replaces its suites' sections, keeps the others', and keeps a hand-written section where it was", () => {
  const previous = [section('viewerLoad'), section('thinSlice'), section('thinSliceBeforeAfter'), section('ohifPlugin')];
  const merged = mergeSections(['viewerLoad', 'thinSlice', 'ohifPlugin'], [section('thinSlice', false)], previous);
  assert.deepEqual(
    merged.map((s) => [s.name, s.kept]),
    [
      ['viewerLoad', true],
      ['thinSlice', false],
      ['thinSliceBeforeAfter', false],
      ['ohifPlugin', true],
    ],
  );
});
