// Whole-cluster views: the identity report (Markdown), a snapshot script, and drift against a saved snapshot.
import * as vscode from 'vscode';
import { stepsScript, type Step } from '../../core/operations';
import {
  diffSnapshots,
  formatSnapshotScript,
  readSnapshotScript,
  SNAPSHOT_MARKER,
  type DriftItem,
} from '../../core/workflows';
import type { Catalog, ClusterRef } from '../../services/catalog';
import { clusterReport, snapshotCluster } from '../../services/workflows/cluster';
import { exportIac, iacFormatOf, importIac, IAC_FORMATS, type IacFormat } from '../../core/iac';
import type { ClusterSnapshot } from '../../core/workflows/snapshot';
import { openInEditor } from '../commands/confirm';
import { withProgress } from '../commands/registry';
import { reportError } from '../log';
import { required } from '../commands/targets';

/** Read-only snapshot scripts served from memory for the diff editor (own scheme: other views keep theirs). */
export class SnapshotDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'adx-identity-snapshot';
  private readonly texts = new Map<string, string>();
  private seq = 0;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SnapshotDocuments.scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  uri(name: string, text: string): vscode.Uri {
    const path = `/${++this.seq}/${name}`;
    this.texts.set(path, text);
    return vscode.Uri.from({ scheme: SnapshotDocuments.scheme, path });
  }
}

const read = <T>(title: string, work: () => Promise<T>): Thenable<T> => withProgress(title, () => work());

/** Offers to save an untitled document's text as a file (the report as .md, the snapshot as .kql). */
async function offerSave(
  message: string,
  text: string,
  name: string,
  filters: Record<string, string[]>,
): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, 'Save as…');
  if (choice !== 'Save as…') return;
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    filters,
    ...(base ? { defaultUri: vscode.Uri.joinPath(base, name) } : {}),
  });
  if (!uri) return;
  // The offer outlives the command that made it, so its own failure is reported here.
  await Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'))).catch((e: unknown) =>
    reportError(`Could not save ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`, e),
  );
}

/** The Markdown report in an editor with its preview beside it; saving it exports it. */
export async function showClusterReport(catalog: Catalog, ref: ClusterRef): Promise<string> {
  const { markdown } = await read(`Reading the identities of ${ref.cluster.name}`, () => clusterReport(catalog, ref));
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(doc, { preview: false });
  // The preview is the readable form; the built-in Markdown extension may be disabled, so its absence is not an error.
  await Promise.resolve(vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri)).catch(() => undefined);
  void offerSave(`Identity report of ${ref.cluster.name}`, markdown, `${ref.cluster.name}-identities.md`, {
    Markdown: ['md'],
  });
  return markdown;
}

export async function showSnapshot(catalog: Catalog, ref: ClusterRef): Promise<string> {
  const { script } = await read(`Taking a snapshot of ${ref.cluster.name}`, () => snapshotCluster(catalog, ref));
  await openInEditor(script);
  void offerSave(
    `Snapshot of ${ref.cluster.name}: running the script restores this configuration.`,
    script,
    `${ref.cluster.name}-snapshot-${new Date().toISOString().slice(0, 10)}.kql`,
    { Kusto: ['kql', 'csl'] },
  );
  return script;
}

const IAC_LANGUAGES: Record<IacFormat, string> = { bicep: 'bicep', terraform: 'terraform', arm: 'json' };
const IAC_LABELS: Record<IacFormat, string> = {
  bicep: 'Bicep',
  terraform: 'Terraform (azurerm + azapi)',
  arm: 'ARM JSON template',
};

/** The identity configuration as Bicep, Terraform or ARM JSON, in an untitled editor. */
export async function showIdentityCode(catalog: Catalog, ref: ClusterRef, format?: IacFormat): Promise<string> {
  format ??= required(
    await vscode.window.showQuickPick(
      IAC_FORMATS.map((f) => ({ label: IAC_LABELS[f], format: f })),
      { title: `Export the identity configuration of ${ref.cluster.name} as` },
    ),
  ).format;
  const { snapshot } = await read(`Reading the identity configuration of ${ref.cluster.name}`, () =>
    snapshotCluster(catalog, ref),
  );
  const content = exportIac(snapshot, format);
  const doc = await vscode.workspace.openTextDocument({ language: IAC_LANGUAGES[format], content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return content;
}

/** A snapshot script, or Bicep / Terraform / ARM JSON read back into a snapshot (`name` tells the format). */
export function savedSnapshot(text: string, name: string): ClusterSnapshot {
  if (text.includes(SNAPSHOT_MARKER)) return readSnapshotScript(text);
  const imported = importIac(text, iacFormatOf(name, text));
  for (const n of imported.notes) reportNote(n);
  return imported.snapshot;
}

function reportNote(note: string): void {
  void vscode.window.showWarningMessage(`Not compared: ${note}`);
}

/** The saved snapshot: the active editor when it holds one (or identity code), else a file picked. */
async function savedSnapshotText(): Promise<{ text: string; name: string }> {
  const active = vscode.window.activeTextEditor?.document;
  const code = active && ['bicep', 'terraform', 'json'].includes(active.languageId);
  if (active && (active.getText().includes(SNAPSHOT_MARKER) || code)) {
    const use = await vscode.window.showQuickPick(
      [
        { label: 'The snapshot in the active editor', active: true },
        { label: 'A snapshot file…', active: false },
      ],
      { title: 'Compare with which snapshot?' },
    );
    if (required(use).active) return { text: active.getText(), name: active.fileName };
  }
  const [file] = required(
    await vscode.window.showOpenDialog({
      title: 'Snapshot script to compare with',
      canSelectMany: false,
      filters: { Kusto: ['kql', 'csl'], 'Identity code': ['bicep', 'tf', 'json'], 'All files': ['*'] },
    }),
  );
  return { text: Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), name: file.path };
}

/** The drift as a script: each difference a comment, followed by the commands that bring the cluster back to the snapshot. */
export function driftScript(cluster: string, takenAt: string, items: readonly DriftItem[]): string {
  const head = `// Drift of ${cluster} from the snapshot taken ${takenAt}: ${items.length ? `${items.length} difference${items.length === 1 ? '' : 's'}` : 'none, the cluster matches'}\n`;
  const steps: Step[] = items.flatMap((i) =>
    i.commands.map((command) => ({
      title: `${i.what}: ${i.detail}${command.destructive ? ' [destructive]' : ''}`,
      command,
    })),
  );
  const manual = items
    .filter((i) => !i.commands.length)
    .map((i) => `// ${i.what}: ${i.detail} (no command: change it outside Kusto or recreate it by hand)`);
  return `${head}${manual.length ? `\n${manual.join('\n')}\n` : ''}${steps.length ? `\n${stepsScript(steps)}` : ''}`;
}

/** Saved vs live snapshot side by side, and the reconciling commands in an editor. */
export async function showDrift(
  catalog: Catalog,
  ref: ClusterRef,
  snapshots: SnapshotDocuments,
  savedText?: string,
  savedName = 'snapshot.kql',
): Promise<DriftItem[]> {
  const picked = savedText === undefined ? await savedSnapshotText() : { text: savedText, name: savedName };
  const read0 = savedSnapshot(picked.text, picked.name);
  const { snapshot: live } = await read(`Comparing ${ref.cluster.name} with the snapshot`, () =>
    snapshotCluster(catalog, ref),
  );
  // Code names the system identity by a reference to the deployed cluster: that is this cluster's system identity.
  const saved =
    read0.systemObjectId || !live.systemObjectId ? read0 : { ...read0, systemObjectId: live.systemObjectId };
  const items = diffSnapshots(saved, live);
  const takenAt = saved.takenAt;
  if (!items.length) {
    void vscode.window.showInformationMessage(`No drift: ${ref.cluster.name} matches the snapshot taken ${takenAt}.`);
    return items;
  }
  const before = snapshots.uri(`${ref.cluster.name}-snapshot.kql`, formatSnapshotScript(saved));
  const after = snapshots.uri(`${ref.cluster.name}-live.kql`, formatSnapshotScript(live));
  await vscode.commands.executeCommand('vscode.diff', before, after, `${ref.cluster.name}: snapshot ↔ live`, {
    preview: true,
  });
  await openInEditor(driftScript(ref.cluster.name, takenAt, items));
  return items;
}
