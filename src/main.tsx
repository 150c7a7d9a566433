import { startEarlyFetch } from './data/earlyFetch';

// The study starts downloading before the viewer's code (Cornerstone, vtk.js, React) has
// even arrived: that code is a separate chunk, loaded next.
startEarlyFetch(location.search);
void import(/* webpackChunkName: "viewer" */ './boot');
