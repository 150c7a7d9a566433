import { startEarlyFetch } from './data/earlyFetch';
import { startEarlyReading } from './data/reader/earlyReading';
import { floatTexturesDrawable, probeRendering } from './cornerstone/renderingProbe';

// The study starts downloading before the viewer's code (Cornerstone, vtk.js, React) has
// even arrived: that code is a separate chunk, loaded next.
const firstFiles = startEarlyFetch(location.search);
performance.mark('viewer:entry');
void import(/* webpackChunkName: "viewer" */ './boot');
// Those chunks download and compile off this thread for ~0.5 s: Cornerstone's rendering probe
// (a WebGL context and a texture-format test, 50-90 ms the first time) runs meanwhile, and a
// reading worker reads the first files. `?prefetch=off` reads every file on this thread.
probeRendering();
if (new URLSearchParams(location.search).get('prefetch') !== 'off') startEarlyReading(firstFiles, floatTexturesDrawable());
