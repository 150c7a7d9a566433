// Webpack loader: fixes the level shift of the DICOM image loader's JPEG (pdf.js) decoder for
// 12-bit JPEG Extended / Spectral / Progressive (1.2.840.10008.1.2.4.51, .53, .55).
//
// The decoder shifts every sample by 2056 / bitConversion, which is right for 8 bits
// (128 * 16 + 8) but for 12 bits gives 2063.6 instead of 2048.5: every CT value decodes about
// 15 HU too high (seen in e2e/transferSyntaxes.spec.ts; dcmtk's dcmdjpeg decodes the same files
// correctly). The right shift for precision P is 2^(P-1) * 16 + 8, and the ceiling 2^P - 1.
// Patched at build time so no installed file is edited; if the code changes upstream the build
// fails here instead of silently shipping wrong numbers.
const BROKEN = `q =
            q <= -2056 / component.bitConversion
                ? 0
                : q >= 2024 / component.bitConversion
                    ? 255 / component.bitConversion
                    : (q + 2056 / component.bitConversion) >> 4;`;

const FIXED = `var maxSample = Math.round(255 / component.bitConversion);
        var levelShift = ((maxSample + 1) << 3) + 8;
        q =
            q <= -levelShift
                ? 0
                : q >= (maxSample << 4) - levelShift
                    ? maxSample
                    : (q + levelShift) >> 4;`;

module.exports = function jpeg12BitLevelShift(source) {
  if (!source.includes(BROKEN)) {
    throw new Error('jpeg12BitLevelShift: the JPEG decoder changed; check whether the 12-bit level shift is fixed upstream');
  }
  return source.replace(BROKEN, FIXED);
};
