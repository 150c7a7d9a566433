import { startEarlyFetch } from './data/earlyFetch';
import { probeRendering } from './cornerstone/renderingProbe';

// The study starts downloading before the viewer's code (Cornerstone, vtk.js, React) has
// even arrived: that code is a separate chunk, loaded next.
startEarlyFetch(location.search);
performance.mark('viewer:entry');
void import(/* webpackChunkName: "viewer" */ './boot');
// The main thread is idle while those chunks arrive: Cornerstone's rendering probe runs now.
probeRendering();
