import { earlyRequestsOut, startEarlyFetch } from './data/earlyFetch';
import { startEarlyReading } from './data/reader/earlyReading';
import { floatTexturesDrawable, probeRendering } from './cornerstone/renderingProbe';

// The study starts downloading before the viewer's code (Cornerstone, vtk.js, React) has
// even arrived: that code is a separate chunk, loaded next.
const firstFiles = startEarlyFetch(location.search);
performance.mark('viewer:entry');
void import(/* webpackChunkName: "viewer" */ './boot');
// Those chunks download and compile off this thread for ~0.5 s: a reading worker starts and
// reads the first files meanwhile. `?prefetch=off` reads every file on this thread.
if (new URLSearchParams(location.search).get('prefetch') !== 'off') startEarlyReading(firstFiles, floatTexturesDrawable);
// Cornerstone's rendering probe (a WebGL context, and without a stored answer a texture-format
// test: ~450 ms of this thread on a software rasterizer) runs once the opening requests are
// out: run before, it held back the manifest's (or the PACS's) answers and every request
// behind them. Should the viewer start first, Cornerstone's init runs it then.
void earlyRequestsOut().then(probeRendering);
