// The built-in sandbox: dist/sandbox.js run as a child process of the extension host, its status bar item, and the
// tree pointed at it while it runs (through the same path as the adxIdentity.sandbox setting).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as vscode from 'vscode';
import { readSandboxInfo } from '../../services/sandboxAccount';
import { setBuiltInSandbox } from '../settings';

export const RUNNING_CONTEXT = 'adxIdentity.sandbox.running';
export const STOP_SANDBOX_COMMAND = 'adxIdentity.sandbox.stop';
/** A sandbox that stops neither on stdin closing nor on SIGTERM within this long is killed. */
const STOP_GRACE_MS = 5000;

/** What a caller learns about a running sandbox (no secrets: the sandbox has none). */
export interface BuiltInSandboxInfo {
  readonly pid: number;
  readonly arm: string;
  readonly clusters: Record<string, string>;
}

export class BuiltInSandbox implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private running: BuiltInSandboxInfo | undefined;
  private starting: Promise<BuiltInSandboxInfo> | undefined;
  private readonly status = vscode.window.createStatusBarItem(
    'adxIdentity.sandbox',
    vscode.StatusBarAlignment.Left,
    49,
  );

  constructor(
    /** dist/sandbox.js of the installed extension */
    private readonly script: string,
    private readonly log: vscode.LogOutputChannel,
    /** called when the tree should show (or stop showing) the sandbox */
    private readonly onChange: () => void,
  ) {
    this.status.name = 'ADX Identity: built-in sandbox';
    this.status.command = STOP_SANDBOX_COMMAND;
  }

  get info(): BuiltInSandboxInfo | undefined {
    return this.running;
  }

  /** Starts the sandbox, or returns the one already running. */
  start(): Promise<BuiltInSandboxInfo> {
    if (this.running) return Promise.resolve(this.running);
    this.starting ??= this.launch().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private launch(): Promise<BuiltInSandboxInfo> {
    // process.execPath is the host's Node or Electron; ELECTRON_RUN_AS_NODE makes Electron behave as plain Node.
    const child = spawn(process.execPath, [this.script, '--stop-with-stdin'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.log.info(`sandbox: started ${this.script} (pid ${child.pid})`);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
      this.log.warn(`sandbox: ${d.toString().trimEnd()}`);
    });
    child.on('exit', (code, signal) => this.exited(child, code, signal));
    return new Promise<BuiltInSandboxInfo>((resolve, reject) => {
      let first = true;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!first) return this.log.info(`sandbox: ${line}`);
        first = false;
        try {
          const info = readSandboxInfo(line);
          this.running = { pid: child.pid ?? 0, arm: info.arm, clusters: { ...(info.clusters ?? {}) } };
          setBuiltInSandbox(line);
          this.show(this.running);
          this.onChange();
          resolve(this.running);
        } catch (e) {
          child.kill();
          reject(new Error(`The sandbox printed something else than its JSON line: ${(e as Error).message}`));
        }
      });
      child.once('error', (e) => reject(new Error(`The sandbox could not start: ${e.message}`)));
      child.once('exit', (code) =>
        reject(new Error(`The sandbox stopped before it was ready (exit ${code}). ${stderr.trim()}`.trim())),
      );
    });
  }

  private show(info: BuiltInSandboxInfo): void {
    this.status.text = '$(beaker) Sandbox';
    this.status.tooltip = new vscode.MarkdownString(
      `**The built-in sandbox is running** on this machine (loopback only): ARM ${info.arm}, ` +
        `${Object.keys(info.clusters).length} clusters.\n\nClick to stop it.`,
    );
    this.status.show();
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.log.info(`sandbox: pid ${child.pid} exited (${signal ?? `code ${code}`})`);
    if (this.child !== child) return;
    this.child = undefined;
    const wasRunning = this.running !== undefined;
    this.running = undefined;
    setBuiltInSandbox(undefined);
    this.status.hide();
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
    if (wasRunning) this.onChange();
  }

  /** Stops the sandbox and waits for its process to end; false when none was running. */
  async stop(): Promise<boolean> {
    const child = this.child;
    if (!child) return false;
    if (child.exitCode === null && child.signalCode === null) {
      const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await ended;
      clearTimeout(timer);
    }
    return true;
  }

  /** With the extension: the pipe closes and SIGTERM goes out; the sandbox stops on either. */
  dispose(): void {
    const child = this.child;
    if (child && child.exitCode === null) {
      child.stdin?.end();
      child.kill('SIGTERM');
    }
    setBuiltInSandbox(undefined);
    this.status.dispose();
  }
}
