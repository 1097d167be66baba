// The walkthrough's own pieces: its sample file (copied out of the package, so the installed files stay untouched)
// and the context keys that mark a step done when the user has really done it.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../editor/diagnostics';

export const SAMPLE_NAME = 'first-steps.kql';
export const SAMPLE_FIXED_CONTEXT = 'adxIdentity.walkthrough.sampleFixed';
export const CLUSTER_EXPANDED_CONTEXT = 'adxIdentity.walkthrough.clusterExpanded';
export const FIXES_RUN_CONTEXT = 'adxIdentity.walkthrough.fixesRun';

/** Where the user's copy of the sample lives: the extension's global storage, one fixed name. */
export function sampleCopyUri(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'walkthrough', SAMPLE_NAME);
}

/** Opens the sample with the broken policy: a fresh copy, unless the user has unsaved edits in it. */
export async function openSample(context: vscode.ExtensionContext): Promise<vscode.TextEditor> {
  const copy = sampleCopyUri(context);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === copy.toString());
  if (!open?.isDirty) {
    const original = vscode.Uri.joinPath(context.extensionUri, 'samples', 'walkthrough', SAMPLE_NAME);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(copy, '..'));
    await vscode.workspace.fs.writeFile(copy, await vscode.workspace.fs.readFile(original));
  }
  return vscode.window.showTextDocument(open ?? (await vscode.workspace.openTextDocument(copy)), { preview: false });
}

/** Marks the "fix it" step done once the user's edits leave the sample without an error of ours. */
export function watchSample(context: vscode.ExtensionContext): vscode.Disposable {
  const copy = sampleCopyUri(context).toString();
  return vscode.languages.onDidChangeDiagnostics((e) => {
    if (!e.uris.some((u) => u.toString() === copy)) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === copy);
    // Version 1 is the file as opened: only an edit can fix it.
    if (!document || document.version < 2) return;
    const errors = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.source === DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error);
    if (!errors.length) void vscode.commands.executeCommand('setContext', SAMPLE_FIXED_CONTEXT, true);
  });
}
