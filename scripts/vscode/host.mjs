// Building blocks shared by run.mjs (tests) and start.mjs (manual runs): package, unpack, sandbox folders, code-server.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { codeServerEntry, hostEnv, nodeBin, root } from './paths.mjs';

export const vsixPath = join(root, 'adx-identity.vsix');

/** Runs a command in the repo, inheriting output; throws on a non-zero exit. */
export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** `npm run package` (its prepublish builds), so what is tested is what would ship. */
export function packageExtension() {
  sh('npm', ['run', 'package']);
  return vsixPath;
}

/** Unzips the VSIX with yauzl (already a vsce dependency); returns the entry list with sizes. */
export async function unpackVsix(vsix, target) {
  const yauzl = (await import('yauzl')).default;
  const zip = await new Promise((res, rej) => yauzl.open(vsix, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))));
  const entries = [];
  await new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry) => {
      const out = join(target, entry.fileName);
      if (!out.startsWith(target) || entry.fileName.endsWith('/')) {
        zip.readEntry();
        return;
      }
      entries.push({ path: entry.fileName, size: entry.uncompressedSize });
      mkdirSync(dirname(out), { recursive: true });
      zip.openReadStream(entry, (e, stream) => {
        if (e) {
          reject(e);
          return;
        }
        stream
          .pipe(createWriteStream(out))
          .on('finish', () => zip.readEntry())
          .on('error', reject);
      });
    });
    zip.readEntry();
  });
  return { entries, bytes: statSync(vsix).size };
}

/**
 * Fresh HOME / TMP / XDG / user-data / extensions folders, so a run leaves nothing behind and inherits nothing.
 * TMP and XDG_RUNTIME_DIR hold UNIX sockets (chromium's SingletonSocket, code-server's IPC), whose paths may not exceed
 * 107 bytes: they live under a short folder in /tmp, not under the checkout, whose depth nobody controls. `f.dispose()`
 * removes that folder.
 */
export function sandboxFolders(base) {
  const short = mkdtempSync('/tmp/adxi-');
  const f = {
    base,
    home: join(base, 'home'),
    tmp: join(short, 't'),
    runtime: join(short, 'r'),
    config: join(base, 'config'),
    data: join(base, 'data'),
    cache: join(base, 'cache'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
  };
  for (const dir of Object.values(f)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  Object.defineProperty(f, 'dispose', {
    value: () => rmSync(short, { recursive: true, force: true }),
    enumerable: false,
  });
  mkdirSync(join(f.userData, 'User'), { recursive: true });
  // Otherwise the welcome page, chat and the secondary side bar cover the editor.
  writeFileSync(
    join(f.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.tips.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'telemetry.telemetryLevel': 'off',
      },
      null,
      2,
    ),
  );
  return f;
}

export function sandboxEnv(f, extra = {}) {
  return hostEnv({
    HOME: f.home,
    TMPDIR: f.tmp,
    XDG_RUNTIME_DIR: f.runtime,
    XDG_CONFIG_HOME: f.config,
    XDG_DATA_HOME: f.data,
    XDG_CACHE_HOME: f.cache,
    ...extra,
  });
}

export function copyWorkspace(target) {
  cpSync(join(root, 'samples'), target, { recursive: true });
  return target;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function codeServerArgs(f) {
  return [codeServerEntry, '--user-data-dir', f.userData, '--extensions-dir', f.extensions];
}

export function installVsix(f, vsix, env) {
  const r = spawnSync(nodeBin, [...codeServerArgs(f), '--install-extension', vsix], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts code-server detached (its own process group) with its output in logFile.
 * Returns { port, stop } once it answers HTTP; stop() kills the whole group.
 */
export async function startCodeServer({ f, env, logFile, workspace, port }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  await new Promise((r) => log.on('open', r));
  const child = spawn(
    nodeBin,
    [
      ...codeServerArgs(f),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    exited = true;
  };
  // Whatever ends this process (signal, crash, process.exit), the server's group goes with it.
  process.on('exit', stop);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start; see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, pid: child.pid, stop };
}

/** The workbench URL; payload entries (extensionDevelopmentPath, extensionTestsPath) are paths on this machine. */
export function workbenchUrl(port, workspace, payload = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const entries = Object.entries(payload).map(([k, v]) => [k, remote(v)]);
  const query =
    `folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}` +
    (entries.length ? `&payload=${encodeURIComponent(JSON.stringify(entries))}` : '');
  return `http://127.0.0.1:${port}/?${query}`;
}
