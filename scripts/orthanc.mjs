// A local Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) for development and the e2e tests:
// find it, start it with pacs/orthanc.json on a loopback port with storage in a folder, stop and
// restart it on the same port and storage, and upload DICOM files to it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORTHANC_PACKAGES = ['orthanc', 'orthanc-dicomweb'];
export const INSTALL_COMMAND = `sudo apt-get install -y ${ORTHANC_PACKAGES.join(' ')}`;
export const CONFIG_TEMPLATE = fileURLToPath(new URL('../pacs/orthanc.json', import.meta.url));

const BINARIES = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc', '/usr/local/bin/Orthanc', '/usr/local/sbin/Orthanc'];
const PLUGIN_DIRS = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc', '/usr/local/share/orthanc/plugins', '/usr/local/lib/orthanc'];

/** @returns {string | null} the Orthanc binary, or null */
export function orthancBinary() {
  if (process.env.ORTHANC_BIN) return existsSync(process.env.ORTHANC_BIN) ? process.env.ORTHANC_BIN : null;
  const found = BINARIES.find((path) => existsSync(path));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v Orthanc'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** @returns {string | null} Debian's DICOMweb plugin (libOrthancDicomWeb.so[.x.y]), or null */
export function dicomWebPlugin() {
  if (process.env.ORTHANC_DICOMWEB_PLUGIN) {
    return existsSync(process.env.ORTHANC_DICOMWEB_PLUGIN) ? process.env.ORTHANC_DICOMWEB_PLUGIN : null;
  }
  for (const dir of PLUGIN_DIRS) {
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir)
      .filter((name) => /^libOrthancDicomWeb\.so(\.[\d.]+)?$/.test(name))
      .sort();
    // Prefer the unversioned symlink Debian puts in /usr/share/orthanc/plugins.
    if (names.length > 0) return join(dir, names[0]);
  }
  return null;
}

/**
 * The Orthanc binary and the DICOMweb plugin. Throws, with the exact install line, when either
 * is missing.
 * @returns {{ binary: string, plugin: string }}
 */
export function findOrthanc() {
  const binary = orthancBinary();
  const plugin = dicomWebPlugin();
  if (binary && plugin) return { binary, plugin };
  const missing = [binary ? null : 'orthanc', plugin ? null : 'orthanc-dicomweb'].filter(Boolean).join(' and ');
  throw new Error(`Missing Debian package ${missing}. Install it with: ${INSTALL_COMMAND}`);
}

/**
 * findOrthanc(), after installing the packages with apt-get when they are missing and this runs
 * as root (as scripts/system-deps.mjs does). Throws with the exact install line otherwise.
 * @returns {{ binary: string, plugin: string }}
 */
export function ensureOrthanc() {
  if (orthancBinary() && dicomWebPlugin()) return findOrthanc();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasAptGet) {
    console.log(`Installing Debian packages: ${ORTHANC_PACKAGES.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const result = spawnSync('apt-get', ['install', '-y', '-qq', ...ORTHANC_PACKAGES], { stdio: 'inherit', env });
    if (result.status !== 0) console.error('apt-get install failed');
  }
  return findOrthanc();
}

/**
 * JSON with // and /* *\/ comments (Orthanc's configuration format) to a value.
 * @param {string} text
 * @returns {unknown}
 */
export function parseJsonWithComments(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

/**
 * A TCP port nobody listens on right now (the kernel picks it).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether a port can be bound on every interface (as Orthanc binds it).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * `Authorization: Basic ...` for a user and password.
 * @param {{ username: string, password: string }} auth
 * @returns {string}
 */
export function basicAuth(auth) {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Child processes to kill if this process exits with them still running. */
const running = new Set();
/** @type {Set<string>} temporary folders to remove at exit */
const ownedDirs = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * @typedef {object} StartOptions
 * @property {number} [port] HTTP port (default: a free one)
 * @property {string} [storageDir] folder for the configuration and the database (default: a new
 *   temporary folder, removed by dispose() or when this process exits)
 * @property {Record<string, string>} [users] {name: password}: enables HTTP basic auth
 * @property {boolean | ((line: string) => void)} [log] true: Orthanc's log on stderr; a function:
 *   each log line; default: kept quiet (the last lines are quoted when startup fails)
 * @property {boolean} [verbose] Orthanc's --verbose
 * @property {number} [startTimeoutMs] default 30 000
 * @property {number} [stopTimeoutMs] SIGTERM, then SIGKILL after this long; default 10 000
 */

/**
 * @typedef {object} OrthancServer
 * @property {string} url e.g. http://127.0.0.1:8042 (no trailing slash)
 * @property {string} dicomWebUrl e.g. http://127.0.0.1:8042/dicom-web
 * @property {number} port
 * @property {string} storageDir
 * @property {string} configPath the final configuration
 * @property {{ username: string, password: string } | undefined} auth the first user, if any
 * @property {() => boolean} isRunning
 * @property {() => number | undefined} pid
 * @property {(how?: { kill?: boolean }) => Promise<void>} stop SIGTERM (Orthanc takes ~2.5 s to stop
 *   cleanly), SIGKILL after stopTimeoutMs; {kill: true}: SIGKILL at once. Resolves once it has exited
 * @property {() => Promise<void>} restart stop if running, then start on the same port and storage
 * @property {() => Promise<void>} dispose stop, and remove the storage if it is a folder this module made
 * @property {() => string[]} logTail the last lines Orthanc logged
 */

/**
 * Starts Orthanc with pacs/orthanc.json and waits until GET /system answers.
 * @param {StartOptions} [options]
 * @returns {Promise<OrthancServer>}
 */
export async function startOrthanc(options = {}) {
  const { binary, plugin } = findOrthanc();
  const port = options.port ?? (await freePort());
  const ownsStorage = !options.storageDir;
  const storageDir = options.storageDir ?? mkdtempSync(join(tmpdir(), 'emh-orthanc-'));
  installExitHook();
  if (ownsStorage) ownedDirs.add(storageDir);
  mkdirSync(join(storageDir, 'db'), { recursive: true });

  const config = /** @type {Record<string, unknown>} */ (parseJsonWithComments(readFileSync(CONFIG_TEMPLATE, 'utf8')));
  config.StorageDirectory = join(storageDir, 'db');
  config.IndexDirectory = join(storageDir, 'db');
  config.Plugins = [plugin];
  config.HttpPort = port;
  const users = options.users ?? {};
  const names = Object.keys(users);
  config.AuthenticationEnabled = names.length > 0;
  config.RegisteredUsers = users;
  const configPath = join(storageDir, 'orthanc.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);

  const auth = names.length > 0 ? { username: names[0], password: users[names[0]] } : undefined;
  const url = `http://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  /** @type {string[]} */
  const tail = [];
  /** @type {import('node:child_process').ChildProcess | null} */
  let child = null;
  /** @type {Promise<void> | null} */
  let exited = null;

  /** @param {string} text */
  const onLog = (text) => {
    for (const line of text.split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      if (options.log === true) process.stderr.write(`[orthanc] ${line}\n`);
      else if (typeof options.log === 'function') options.log(line);
    }
  };

  async function start() {
    if (!(await portIsFree(port))) {
      throw new Error(
        `Port ${port} is in use (another Orthanc? Debian's orthanc service listens on 8042: stop it with \`service orthanc stop\`, or choose another port)`,
      );
    }
    const args = ['--no-jobs', ...(options.verbose ? ['--verbose'] : []), configPath];
    // setpriv --pdeathsig: Orthanc dies with this process even when it is killed outright.
    const usePdeathsig = existsSync('/usr/bin/setpriv');
    const command = usePdeathsig ? '/usr/bin/setpriv' : binary;
    const commandArgs = usePdeathsig ? ['--pdeathsig', 'SIGTERM', binary, ...args] : args;
    const proc = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: storageDir });
    child = proc;
    running.add(proc);
    proc.stdout?.setEncoding('utf8').on('data', onLog);
    proc.stderr?.setEncoding('utf8').on('data', onLog);
    exited = new Promise((resolve) => {
      const gone = () => {
        running.delete(proc);
        if (child === proc) child = null;
        resolve();
      };
      proc.once('exit', gone);
      proc.once('error', (error) => {
        onLog(`could not run ${command}: ${error.message}`);
        gone();
      });
    });
    const deadline = Date.now() + startTimeoutMs;
    /** @type {Record<string, string>} */
    const headers = auth ? { Authorization: basicAuth(auth) } : {};
    for (;;) {
      if (child !== proc) {
        throw new Error(`Orthanc exited during startup (exit code ${proc.exitCode}):\n${tail.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(`${url}/system`, { headers, signal: AbortSignal.timeout(2000) });
        if (response.ok) {
          await response.arrayBuffer();
          return;
        }
        await response.arrayBuffer();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`Orthanc did not answer ${url}/system within ${startTimeoutMs} ms:\n${tail.slice(-20).join('\n')}`);
      }
      await sleep(100);
    }
  }

  /** @param {{ kill?: boolean }} [how] kill: SIGKILL at once, as a crash (a clean stop takes ~2.5 s) */
  async function stop(how = {}) {
    const proc = child;
    if (!proc || !exited) return;
    const done = exited;
    proc.kill(how.kill ? 'SIGKILL' : 'SIGTERM');
    const killed = await Promise.race([done.then(() => false), sleep(stopTimeoutMs).then(() => true)]);
    if (killed) {
      proc.kill('SIGKILL');
      await done;
    }
  }

  await start();
  return {
    url,
    dicomWebUrl: `${url}/dicom-web`,
    port,
    storageDir,
    configPath,
    auth,
    isRunning: () => child !== null,
    pid: () => child?.pid,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      if (ownsStorage) {
        rmSync(storageDir, { recursive: true, force: true });
        ownedDirs.delete(storageDir);
      }
    },
    logTail: () => [...tail],
  };
}

/**
 * Every file under dir (recursively) whose name ends in .dcm.
 * @param {string} dir
 * @returns {string[]}
 */
export function listDicomFiles(dir) {
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listDicomFiles(path));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.dcm')) files.push(path);
  }
  return files.sort();
}

/**
 * @typedef {object} UploadResult
 * @property {number} files .dcm files found
 * @property {number} stored newly stored
 * @property {number} alreadyStored already there (Orthanc answers AlreadyStored)
 * @property {{ file: string, error: string }[]} failed
 * @property {string[]} studies Orthanc IDs of the studies touched
 * @property {number} ms
 */

/**
 * POSTs every .dcm under dir to {url}/instances, a few at a time.
 * @param {string} url Orthanc's base URL (not the DICOMweb root)
 * @param {string} dir
 * @param {{ auth?: { username: string, password: string }, concurrency?: number }} [options]
 * @returns {Promise<UploadResult>}
 */
export async function uploadDicomFolder(url, dir, options = {}) {
  const started = Date.now();
  const files = listDicomFiles(dir);
  const concurrency = options.concurrency ?? 4;
  /** @type {UploadResult} */
  const result = { files: files.length, stored: 0, alreadyStored: 0, failed: [], studies: [], ms: 0 };
  const studies = new Set();
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/dicom' };
  if (options.auth) headers.Authorization = basicAuth(options.auth);
  let next = 0;
  async function worker() {
    while (next < files.length) {
      const file = files[next++];
      try {
        const response = await fetch(`${url.replace(/\/+$/, '')}/instances`, {
          method: 'POST',
          headers,
          body: await readFile(file),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
        const answer = /** @type {{ Status?: string, ParentStudy?: string }} */ (JSON.parse(text));
        if (answer.Status === 'AlreadyStored') result.alreadyStored++;
        else result.stored++;
        if (answer.ParentStudy) studies.add(answer.ParentStudy);
      } catch (error) {
        result.failed.push({ file, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  result.studies = [...studies];
  result.ms = Date.now() - started;
  return result;
}
