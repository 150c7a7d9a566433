/**
 * Stand-ins for OHIF's Cornerstone in Node tests of the built plugin: every name is there
 * (a class that can be extended, called, read further), so our modules evaluate; the calls
 * a test cares about are given as overrides.
 */
type Anything = Record<string, unknown> & (new (...args: unknown[]) => object);

export function anything(path: string, overrides: Record<string, unknown> = {}): Anything {
  const Target = class {};
  Object.defineProperty(Target, 'name', { value: path });
  const children = new Map<string, Anything>();
  return new Proxy(Target, {
    get(target, key) {
      if (typeof key === 'symbol' || key === 'prototype' || key === 'name' || key === 'length') return Reflect.get(target, key);
      if (key in overrides) return overrides[key];
      // Not a promise, not an ES module namespace: awaited or imported, it stays itself.
      if (key === 'then' || key === '__esModule') return undefined;
      let child = children.get(key);
      if (!child) {
        child = anything(`${path}.${key}`);
        children.set(key, child);
      }
      return child;
    },
    apply: () => anything(`${path}()`),
  }) as unknown as Anything;
}
