/** Pixels stored as they are (or wrapped as they are): reading them is fetching, not decoding. */
const NATIVE_PIXELS = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.98']);

/**
 * How many files a load reads at once. Twelve keep the reading worker and the network busy
 * while the reader looks at an image; while they scroll, six, so that reading does not take
 * the cores the drawing needs. Measured on 2 cores with a 1,000-slice CT arriving: at twelve
 * the series loaded 14% sooner (7.5 -> 6.4 s) when nobody scrolled, and scrolling through it
 * dropped from 57 to 54 frames/s. Compressed frames cost their decode besides: two at once
 * while scrolling. On a 2-core AMD EPYC, against four, medians of alternating runs: JPEG-LS
 * 44.0 -> 48.3 frames/s (6 runs each), HTJ2K 40.5 -> 50.8 (3 each: every run at two faster than
 * every run at four), the series loaded as soon within the noise (+-10 %). Uncompressed ones stay
 * at six: at two they scrolled no faster (45.5 -> 46.1), and at four (Intel) the series came
 * 14 % later for no faster scrolling. Pure: the clock is given.
 */
export class ReadingPace {
  /** Files read at once while nobody scrolls. */
  static readonly FULL = 12;
  /** Files read at once while the images on screen are being scrolled... */
  static readonly WHILE_SCROLLING = 6;
  /** ...and when the frames arriving are compressed. */
  static readonly WHILE_SCROLLING_DECODING = 2;
  private calmAt = Number.NEGATIVE_INFINITY;
  private decoding = false;

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** How long after the last scroll step reading stays slowed. */
    private readonly quietMs = 300,
  ) {}

  /** The images on screen moved (a scroll step): reading slows down until the user pauses. */
  scrolled(): void {
    this.calmAt = this.now() + this.quietMs;
  }

  /** A file was read: its transfer syntax says whether the next ones are likely to need decoding. */
  frameRead(transferSyntaxUID: string): void {
    this.decoding = !NATIVE_PIXELS.has(transferSyntaxUID);
  }

  /** 0 if reading slot `slot` may take its next file now, else how long to wait before asking again (ms). */
  waitFor(slot: number): number {
    const whileScrolling = this.decoding ? ReadingPace.WHILE_SCROLLING_DECODING : ReadingPace.WHILE_SCROLLING;
    return slot < whileScrolling ? 0 : Math.max(0, this.calmAt - this.now());
  }
}
