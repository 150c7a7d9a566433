/**
 * Transfer syntaxes the Cornerstone DICOM image loader decodes (its decodeImageFrame switch).
 * Checked when a file is read, so an unsupported one is refused with its name instead of
 * failing later inside the decode worker.
 */
export const SUPPORTED_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.98': 'Encapsulated Uncompressed Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.8.1': 'Deflated Image Frame Compression',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.53': 'JPEG Spectral Selection',
  '1.2.840.10008.1.2.4.55': 'JPEG Full Progression',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '3.2.840.10008.1.2.4.96': 'HTJ2K (private)',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
};

const KNOWN_UNSUPPORTED: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.100': 'MPEG2 video',
  '1.2.840.10008.1.2.4.101': 'MPEG2 video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 video',
  '1.2.840.10008.1.2.4.107': 'HEVC video',
  '1.2.840.10008.1.2.4.108': 'HEVC video',
};

export function transferSyntaxName(uid: string): string {
  const known = SUPPORTED_TRANSFER_SYNTAXES[uid] ?? KNOWN_UNSUPPORTED[uid];
  if (known) return known;
  // A damaged UID is shown with its unprintable bytes masked, and called what it is.
  return /^[0-9]+(\.[0-9]+)*$/.test(uid) ? uid : `"${uid.replace(/[^0-9.]/g, '?')}" (not a valid UID)`;
}

export function isSupportedTransferSyntax(uid: string): boolean {
  return uid in SUPPORTED_TRANSFER_SYNTAXES;
}
