/**
 * page.evaluate for functions written in the runner's TypeScript.
 *
 * tsx compiles with esbuild's keepNames, which wraps inner functions in `__name(...)`
 * calls; Playwright ships the function's source text to the page, where `__name` does
 * not exist. Defining it in a wrapper scope keeps the page's globals untouched (the
 * viewer under test must not see bench artefacts).
 */
import type { Page } from '@playwright/test';

export function evaluateInPage<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  const source = `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
  return page.evaluate(source) as Promise<R>;
}
