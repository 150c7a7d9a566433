// `@cornerstonejs/tools` in the OHIF plugin bundle: OHIF's own copy (see core.cjs).
module.exports = require('../cornerstoneLibraries.ts').cornerstoneLibrary('tools');
