// `@cornerstonejs/core` in the OHIF plugin bundle: OHIF's own copy, set by the extension's
// preRegistration before any of our modules that use it are evaluated.
module.exports = require('../cornerstoneLibraries.ts').cornerstoneLibrary('core');
