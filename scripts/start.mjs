// `npm start`: the sample case, a production build, then the server, in one command.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('node', ['scripts/ensure-sample.mjs']);
run('npx', ['webpack', '--mode', 'production']);
await import('./serve.mjs');
