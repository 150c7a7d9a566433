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
  /** The header itself is impossible (no pixels, more tiles than the standard allows). */
  damaged?: boolean;
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
  if (frame.length < 42) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  // SIZ: marker, Lsiz, Rsiz (2 bytes each), then Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz (4 each).
  const [xsiz, ysiz, xosiz, yosiz, xtsiz, ytsiz, xtosiz, ytosiz] = Array.from({ length: 8 }, (_, i) => view.getUint32(8 + 4 * i));
  const width = xsiz - xosiz;
  const height = ysiz - yosiz;
  const tiles = xtsiz > 0 && ytsiz > 0 ? Math.ceil((xsiz - xtosiz) / xtsiz) * Math.ceil((ysiz - ytosiz) / ytsiz) : Infinity;
  // OpenJPEG refuses such a header but its wrapper then returns the previous image's size and
  // pixels: the header must be judged here.
  const damaged = width <= 0 || height <= 0 || !(tiles >= 1 && tiles <= 65535) || !j2kMainHeaderIsWhole(frame, view);
  return damaged ? { rows: 0, columns: 0, format: 'JPEG 2000', damaged } : { rows: height, columns: width, format: 'JPEG 2000' };
}

/**
 * The main header from SIZ to the first tile (SOT): SIZ's length fits its component count, and
 * every segment after it is a main-header marker of sane length, with COD and QCD among them.
 */
function j2kMainHeaderIsWhole(frame: Uint8Array, view: DataView): boolean {
  const sizLength = view.getUint16(4);
  const components = view.getUint16(40);
  if (components < 1 || components > 16384 || sizLength !== 38 + 3 * components) return false;
  let at = 4 + sizLength;
  const seen = new Set<number>();
  for (let segment = 0; segment < 256 && at + 4 <= frame.length; segment++) {
    const marker = view.getUint16(at);
    if (marker === 0xff90) return seen.has(0xff52) && seen.has(0xff5c);
    const length = view.getUint16(at + 2);
    if (marker < 0xff50 || marker > 0xff6f || length < 2) return false;
    seen.add(marker);
    at += 2 + length;
  }
  // The header runs past the bytes looked at: nothing wrong seen so far.
  return at + 4 > frame.length;
}
