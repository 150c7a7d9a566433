// `npm run bench` entry. The runner is TypeScript (bench/runner/main.ts); tsx's ESM API
// loads it in-process so there is no second Node process or build step to keep in sync.
import { tsImport } from 'tsx/esm/api';

try {
  const { main } = await tsImport('./runner/main.ts', import.meta.url);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
