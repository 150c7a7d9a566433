import { startEarlyFetch } from './data/earlyFetch';
import { startEarlyReading } from './data/reader/earlyReading';
import { floatTexturesDrawable, probeRendering } from './cornerstone/renderingProbe';
import { firstLookOpening, placeFirstLook } from './firstLook/firstLookCanvas';
import { installEarlyWindowEmh } from './scripting/windowEmh';

/**
 * The longest the viewer's code waits for the first look. Measured on 2 cores: with that code
 * loading beside it, the look took 1.3-1.8 s, since compiling and running 4.4 MB of it leaves the
 * reading worker little of the machine; alone it takes a few hundred ms.
 */
const FIRST_LOOK_WAIT_MS = 800;

const loadViewer = () => import(/* webpackChunkName: "viewer" */ './boot');

// The study starts downloading before the viewer's code (Cornerstone, vtk.js, React) has
// even arrived: that code is a separate chunk, loaded next.
const prefetch = new URLSearchParams(location.search).get('prefetch') !== 'off';
const opening = prefetch ? firstLookOpening(location.search, location.href) : null;
const canvas = opening ? placeFirstLook() : null;
const early = startEarlyFetch(location.search, canvas ? opening : null);
performance.mark('viewer:entry');
if (canvas) {
  // One manifest's first image, or one PACS study's, is fetched, read and drawn by a reading
  // worker (the first look), on a canvas in the viewport's place; then the viewer's code loads.
  const looked = startEarlyReading(early.files, floatTexturesDrawable, undefined, { canvas, opening: early.look });
  installEarlyWindowEmh(
    Promise.race([looked, new Promise((resolve) => setTimeout(resolve, FIRST_LOOK_WAIT_MS))])
      .then(loadViewer)
      .then((viewer) => viewer.ready),
  );
} else {
  void loadViewer();
  // Those chunks download and compile off this thread for ~0.5 s. Meanwhile a reading worker
  // reads the first files, and Cornerstone's rendering probe (a WebGL context and a texture-format
  // test, 50-90 ms the first time) runs. `?prefetch=off` reads every file on this thread.
  if (prefetch) void startEarlyReading(early.files, floatTexturesDrawable);
  else probeRendering();
}
