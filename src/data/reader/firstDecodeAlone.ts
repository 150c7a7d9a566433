/**
 * The DICOM image loader's codecs set themselves up on their first call, and every call that
 * arrives while one is setting up sets up another (they check for a finished codec, not for
 * one on its way): the first JPEG-LS files of a series, arriving together, had each reading
 * worker fetch and compile the CharLS WebAssembly six or seven times. With this, the first
 * frame of each transfer syntax is decoded alone and the others wait for it. Pure: no DOM.
 */
export type DecodeAfterFirst = <T>(transferSyntaxUID: string, decode: () => Promise<T>) => Promise<T>;

export function firstDecodeAlone(): DecodeAfterFirst {
  const firsts = new Map<string, Promise<unknown>>();
  return <T>(transferSyntaxUID: string, decode: () => Promise<T>): Promise<T> => {
    const first = firsts.get(transferSyntaxUID);
    if (first) return first.then(decode);
    const decoding = decode();
    // A first frame that fails may leave the codec unset: the next frame goes alone again.
    firsts.set(
      transferSyntaxUID,
      decoding.then(
        () => undefined,
        () => {
          firsts.delete(transferSyntaxUID);
        },
      ),
    );
    return decoding;
  };
}
