declare module '*.css' {
  const css: string;
  export default css;
}

declare module 'pako' {
  export function inflateRaw(data: Uint8Array): Uint8Array;
}
