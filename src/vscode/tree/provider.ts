// The VS Code face of the tree model: maps model nodes to TreeItems; all data logic lives in src/services/tree.
import * as vscode from 'vscode';
import type { ModelNode } from '../../services/tree/node';
import type { TreeModel } from '../../services/tree/model';

const COLLAPSE: Record<ModelNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class IdentityTreeProvider implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly model: TreeModel) {}

  getTreeItem(node: ModelNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, COLLAPSE[node.collapsible]);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(
      node.icon.id,
      node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined,
    );
    // Clicking an error row retries its branch.
    if (node.error) item.command = { command: 'adxIdentity.tree.retry', title: 'Retry', arguments: [node] };
    return item;
  }

  getChildren(node?: ModelNode): Promise<ModelNode[]> {
    return this.model.getChildren(node);
  }

  /** Drops cached children of a node (or all) and redraws it. */
  refresh(node?: ModelNode): void {
    this.model.invalidate(node?.id);
    this.changed.fire(node);
  }

  /** Refreshes a node by id (e.g. an error row's branch); falls back to the whole view when it is not shown. */
  refreshById(id: string): void {
    const node = this.model.node(id);
    this.model.invalidate(id);
    this.changed.fire(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
