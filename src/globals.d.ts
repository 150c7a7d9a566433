declare module '*.css' {
  const css: string;
  export default css;
}

declare module 'pako' {
  export function inflateRaw(data: Uint8Array): Uint8Array;
  export function deflateRaw(data: Uint8Array): Uint8Array;
  export class Inflate {
    constructor(options?: { raw?: boolean; chunkSize?: number });
    push(data: Uint8Array, finish: boolean): boolean;
    onData(chunk: Uint8Array): void;
    err: number;
    ended: boolean;
  }
}

/** OpenJPH's WebAssembly build (no declarations shipped); the reading worker types what it uses. */
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (module: { locateFile: (file: string) => string }) => Promise<unknown>;
  export default factory;
}

/** CharLS's WebAssembly decoder (no declarations shipped); the reading worker types what it uses. */
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (module: { locateFile: (file: string) => string }) => Promise<unknown>;
  export default factory;
}
