// Every change command registered in src/vscode/commands is contributed with the ADX Identity category, and its menus
// target the identity tree.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
};
const dir = join(root, 'src', 'vscode', 'commands');
const registered = readdirSync(dir).flatMap((f) =>
  [...readFileSync(join(dir, f), 'utf8').matchAll(/^\s+'(adxIdentity\.[\w.]+)': /gm)].map((m) => m[1]),
);

describe('manifest: change commands', () => {
  it('registers the commands the manifest contributes, in the ADX Identity category', () => {
    assert.ok(registered.length >= 20, registered.join(', '));
    for (const id of registered) {
      const c = pkg.contributes.commands.find((x) => x.command === id);
      assert.ok(c, `${id} is not contributed`);
      assert.equal(c.category, 'ADX Identity');
    }
  });

  it('shows each on tree nodes of the identity view only', () => {
    const menus = pkg.contributes.menus['view/item/context'].filter((m) => registered.includes(m.command));
    for (const id of registered)
      assert.ok(
        menus.some((m) => m.command === id),
        `${id} has no context menu`,
      );
    for (const m of menus)
      assert.match(m.when ?? '', /^view == adxIdentity\.explorer && viewItem =~ \/\^adxIdentity\\\./);
  });
});
