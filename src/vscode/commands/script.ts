// Copy as script: a cluster or database node → an idempotent .kql script recreating its identity configuration, in an editor.
import { openInEditor } from './confirm';
import { withProgress, type Handler } from './registry';
import { clusterOf, isNode, segment } from './targets';

export const scriptCommands: Record<string, Handler> = {
  'adxIdentity.copyAsScript': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const database = isNode(node) ? segment(node.id, 'db') : undefined;
    const text = await withProgress(`Reading the identity configuration of ${database ?? c.ref.cluster.name}`, () => ctx.ops.script(c.ref, database));
    await openInEditor(text);
  },
};
