/**
 * Debian's Chromium and the flags this machine needs (no GPU, no network beyond the
 * registries): one list for the e2e tests and the benchmarks.
 */
export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these, Chromium's background requests are refused by the closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
