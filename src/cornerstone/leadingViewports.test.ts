import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LeadingViewports } from './leadingViewports';

interface Source {
  renderingEngineId: string;
  viewportId: string;
}

/** The three synchroniser calls LeadingViewports makes, on a plain list. */
function fakeSync(...ids: string[]) {
  let sources: Source[] = ids.map((viewportId) => ({ renderingEngineId: 'e', viewportId }));
  return {
    getSourceViewports: () => sources,
    removeSource: (s: Source) => {
      sources = sources.filter((v) => v.viewportId !== s.viewportId);
    },
    addSource: (s: Source) => {
      if (!sources.some((v) => v.viewportId === s.viewportId)) sources = [...sources, s];
    },
    leaders: () => sources.map((s) => s.viewportId).sort(),
  };
}

test('a viewport stops leading while a series loads in it, and leads again once it is shown', () => {
  const sync = fakeSync('left', 'right');
  const leading = new LeadingViewports(sync, 'e', () => true);
  leading.hold('left');
  assert.deepEqual(sync.leaders(), ['right']);
  leading.release('left');
  assert.deepEqual(sync.leaders(), ['left', 'right']);
});

test('overlapping shows in one viewport: it leads again when the last one is done, whichever finishes first', () => {
  // The viewer's own choice still drawing when Open beside shows the current series there.
  const sync = fakeSync('left', 'right');
  const leading = new LeadingViewports(sync, 'e', () => true);
  leading.hold('left');
  leading.hold('left');
  leading.release('left');
  assert.deepEqual(sync.leaders(), ['right'], 'one show still loading');
  leading.release('left');
  assert.deepEqual(sync.leaders(), ['left', 'right']);
});

test('a viewport that did not lead is not made to lead; one detached meanwhile is left out', () => {
  const sync = fakeSync('right');
  const leading = new LeadingViewports(sync, 'e', (id) => id !== 'gone');
  leading.hold('left');
  leading.release('left');
  assert.deepEqual(sync.leaders(), ['right']);
  const withGone = fakeSync('gone');
  const leadingGone = new LeadingViewports(withGone, 'e', (id) => id !== 'gone');
  leadingGone.hold('gone');
  leadingGone.release('gone');
  assert.deepEqual(withGone.leaders(), []);
  leadingGone.release('gone'); // a stray release changes nothing
  assert.deepEqual(withGone.leaders(), []);
});
