// What the Marketplace page and the walkthrough promise, checked in the manifest and the allow-list (.vscodeignore):
// every file they name exists and ships, nothing is a placeholder, every release has a CHANGELOG entry.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const pkg = JSON.parse(read('package.json')) as {
  version: string;
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  keywords?: string[];
  categories?: string[];
  repository?: unknown;
  bugs?: unknown;
  homepage?: unknown;
  scripts: Record<string, string>;
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; steps: Step[] }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
};

/** The allow-list: `**` excludes everything, each `!pattern` puts files back (only `*` within a folder is used). */
function ships(path: string): boolean {
  const patterns = read('.vscodeignore')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => new RegExp(`^${l.slice(1).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`));
  return patterns.some((p) => p.test(path));
}

describe('Marketplace page', () => {
  it('has a 128×128 PNG icon that ships, a gallery banner, categories and keywords', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    assert.ok(ships(pkg.icon));
    const png = readFileSync(join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9A-Fa-f]{6}$/);
    assert.ok(pkg.galleryBanner?.theme === 'dark' || pkg.galleryBanner?.theme === 'light');
    assert.ok((pkg.categories ?? []).includes('Azure'));
    assert.ok((pkg.keywords ?? []).length >= 3 && (pkg.keywords ?? []).length <= 30, 'the Marketplace takes up to 30');
  });

  it('names no placeholder repository, bugs or homepage, and vsce is told the repository is missing', () => {
    assert.doesNotMatch(JSON.stringify([pkg.repository, pkg.bugs, pkg.homepage]), /example\.(invalid|com)/);
    if (pkg.repository === undefined) assert.match(pkg.scripts.package, /--allow-missing-repository/);
  });

  it('ships every image the README shows, so it renders from the package', () => {
    const images = [...read('README.md').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 2);
    for (const image of images) {
      assert.ok(existsSync(join(root, image)), `${image} missing`);
      assert.ok(ships(image), `${image} is not in .vscodeignore's allow-list`);
    }
  });

  it('has a CHANGELOG entry for the version in package.json', () => {
    assert.match(read('CHANGELOG.md'), new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
  });
});

describe('walkthrough and welcome content', () => {
  const [walkthrough] = pkg.contributes.walkthroughs;
  const commands = new Set(pkg.contributes.commands.map((c) => c.command));

  it('teaches the job in order: connect, explore, fix, run, readiness, script', () => {
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['connect', 'explore', 'fix', 'run', 'readiness', 'script'],
    );
  });

  it('gives each step a completion event and a short markdown that ships', () => {
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} has no completion event`);
      const md = step.media.markdown;
      assert.ok(md && existsSync(join(root, md)) && ships(md), `${step.id}: ${md} missing or not shipped`);
      assert.ok(read(md).split('\n').length <= 30, `${md} is not short`);
    }
  });

  it('links only to commands the extension contributes (or the workbench owns)', () => {
    const texts = [
      ...walkthrough.steps.flatMap((s) => [s.description, ...(s.completionEvents ?? [])]),
      ...pkg.contributes.viewsWelcome.map((w) => w.contents),
    ].join('\n');
    const used = [...texts.matchAll(/(?:command:|onCommand:)(adxIdentity\.[\w.]+)/g)].map((m) => m[1]);
    assert.ok(used.includes('adxIdentity.sandbox.start'));
    for (const id of used)
      assert.ok(commands.has(id) || id === 'adxIdentity.explorer.focus', `${id} is not contributed`);
  });

  it('ships the sample the walkthrough opens, with the broken policy it is about', () => {
    const sample = 'samples/walkthrough/first-steps.kql';
    assert.ok(ships(sample));
    assert.match(read(sample), /"ObjectId": "system_assigned"/);
  });

  it('has welcome content for an empty view and for a signed-in account without clusters', () => {
    const views = pkg.contributes.viewsWelcome.filter((w) => w.view === 'adxIdentity.explorer');
    assert.equal(views.length, 2);
    assert.ok(views.every((w) => w.contents.includes('(command:adxIdentity.sandbox.start)')));
    assert.deepEqual(views.map((w) => w.when).sort(), [
      '!adxIdentity.signedInNoClusters',
      'adxIdentity.signedInNoClusters',
    ]);
  });

  it('ships the sandbox bundle and the rules page the diagnostics link to', () => {
    assert.ok(ships('dist/sandbox.js'));
    assert.ok(ships('docs/lint.md'));
  });
});
