/**
 * The image size a compressed frame declares in its own codestream header: JPEG and JPEG-LS
 * (the SOF segment), JPEG 2000 and HTJ2K (the SIZ segment). Read from a few bytes, so a frame
 * that disagrees with Rows/Columns is refused before a decoder sizes its buffers from either.
 */
export interface CodestreamSize {
  rows: number;
  columns: number;
  /** What the codestream is, for the refusal: "JPEG", "JPEG 2000". */
  format: string;
}

/** JPEG start-of-frame markers (SOF0-SOF15 without DHT, JPG, DAC) and JPEG-LS SOF55. */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf, 0xf7]);

export function codestreamSize(frame: Uint8Array): CodestreamSize | null {
  if (frame.length < 4 || frame[0] !== 0xff) return null;
  if (frame[1] === 0xd8) return jpegSize(frame);
  if (frame[1] === 0x4f && frame[2] === 0xff && frame[3] === 0x51) return j2kSize(frame);
  return null;
}

function jpegSize(frame: Uint8Array): CodestreamSize | null {
  let at = 2;
  // Segments before the frame header are few and short; a bounded walk never loops.
  for (let segment = 0; segment < 64 && at + 9 <= frame.length; segment++) {
    if (frame[at] !== 0xff) return null;
    const marker = frame[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = (frame[at + 2] << 8) | frame[at + 3];
    if (SOF_MARKERS.has(marker)) {
      const rows = (frame[at + 5] << 8) | frame[at + 6];
      const columns = (frame[at + 7] << 8) | frame[at + 8];
      // Height 0 means a DNL segment gives it after the first scan: nothing to compare here.
      return rows === 0 ? null : { rows, columns, format: marker === 0xf7 ? 'JPEG-LS' : 'JPEG' };
    }
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

function j2kSize(frame: Uint8Array): CodestreamSize | null {
  if (frame.length < 24) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  // SIZ: marker (2), Lsiz (2), Rsiz (2), Xsiz, Ysiz, XOsiz, YOsiz (4 each).
  const width = view.getUint32(8) - view.getUint32(16);
  const height = view.getUint32(12) - view.getUint32(20);
  // A damaged SIZ can give an origin past the edge; the decoder reports that one itself.
  return width > 0 && height > 0 ? { rows: height, columns: width, format: 'JPEG 2000' } : null;
}
