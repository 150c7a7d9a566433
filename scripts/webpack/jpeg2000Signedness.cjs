// Webpack loader: the DICOM image loader's JPEG 2000 and HTJ2K decoders type the decoded
// samples by the codestream's own signed flag and ignore the dataset's PixelRepresentation.
// Where the two disagree (pydicom's J2K_pixelrep_mismatch.dcm: PixelRepresentation 1, an
// unsigned codestream) negative CT values come out as 65,000 and more. The dataset is what
// the modality LUT and the rest of the file describe, so it wins, as it does in the loader's
// own JPEG-LS and JPEG XL decoders (and in pydicom and GDCM). Patched at build time; if the
// upstream code changes the build fails here instead of silently shipping wrong numbers.
const BROKEN = 'getPixelData(frameInfo, decodedBufferInWASM)';
const FIXED =
  'getPixelData(frameInfo, decodedBufferInWASM, imageInfo.pixelRepresentation === undefined ? undefined : imageInfo.pixelRepresentation === 1)';

module.exports = function jpeg2000Signedness(source) {
  if (!source.includes(BROKEN)) {
    throw new Error('jpeg2000Signedness: the JPEG 2000 decoder changed; check whether it follows PixelRepresentation upstream');
  }
  return source.replace(BROKEN, FIXED);
};
