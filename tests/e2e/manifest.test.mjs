// The Teams app package: manifest.json filled by manifest/package.sh and validated offline against the
// schema bundled in @microsoft/app-manifest; the icons Teams requires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateManifest, repoRoot } from './lib/validate-manifest.mjs';
import { readPng, readZip } from './lib/files.mjs';

const BOT_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const TEAMS_APP_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const BOT_DOMAIN = 'app-aimsbot-sample.azurewebsites.net';
const packageScript = path.join(repoRoot, 'manifest', 'package.sh');

function runPackage(env, out) {
  return spawnSync('bash', [packageScript, '-o', out], {
    encoding: 'utf8',
    // Only what the test gives: no values from the developer's shell or azd environment.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir(), ...env },
  });
}

function buildPackage() {
  const dir = mkdtempSync(path.join(tmpdir(), 'aimsbot-manifest-'));
  const out = path.join(dir, 'appPackage.zip');
  const result = runPackage({ BOT_ID, BOT_DOMAIN: `https://${BOT_DOMAIN}/`, TEAMS_APP_ID }, out);
  assert.equal(result.status, 0, `package.sh failed:\n${result.stderr}`);
  const entries = readZip(readFileSync(out));
  rmSync(dir, { recursive: true, force: true });
  return entries;
}

const entries = buildPackage();
const manifest = JSON.parse(entries.get('manifest.json').toString('utf8'));

test('package.sh writes a package of exactly manifest.json, color.png and outline.png at its root', () => {
  assert.deepEqual([...entries.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
});

test('the packaged manifest matches its bundled Teams schema (v1.19 or newer) with no errors', async () => {
  const version = Number(/\/teams\/v1\.(\d+)\//.exec(manifest.$schema)?.[1]);
  assert.ok(version >= 19, `schema ${manifest.$schema} is older than v1.19`);
  assert.deepEqual(await validateManifest(manifest), []);
});

test('the ids and the domain come from the environment, and no placeholder is left', () => {
  const text = entries.get('manifest.json').toString('utf8');
  assert.doesNotMatch(text, /\$\{\{/);
  assert.equal(manifest.id, TEAMS_APP_ID);
  assert.equal(manifest.bots[0].botId, BOT_ID);
  assert.deepEqual(manifest.validDomains, [BOT_DOMAIN]);
  assert.equal(manifest.webApplicationInfo.id, BOT_ID);
  assert.equal(manifest.webApplicationInfo.resource, `api://botid-${BOT_ID}`);
  assert.equal(manifest.developer.websiteUrl, `https://${BOT_DOMAIN}`);
});

test('the bot works in personal chats, teams and group chats, takes files, and lists its commands in each', () => {
  const bot = manifest.bots[0];
  assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
  assert.equal(bot.supportsFiles, true);
  const listed = new Set(bot.commandLists.flatMap((list) => list.scopes));
  assert.deepEqual([...listed].sort(), ['groupChat', 'personal', 'team']);
  const titles = bot.commandLists[0].commands.map((c) => c.title);
  assert.ok(titles.includes('help') && titles.includes('whoami'), `commands: ${titles.join(', ')}`);
});

test('a deliberately broken manifest fails the same validation', async () => {
  const broken = structuredClone(manifest);
  delete broken.bots[0].botId;
  broken.bots[0].scopes.push('everywhere');
  broken.bots[0].commandLists[0].commands.push({ title: 'a command whose title is far too long for Teams', description: 'x' });
  broken.unexpected = true;
  const errors = await validateManifest(broken);
  const expect = [/bots\/0 must have required property 'botId'/, /bots\/0\/scopes\/3 must be equal to one of the allowed values/, /additionalProperty":"unexpected"/, /title is longer than the 32 characters/];
  for (const pattern of expect) {
    assert.ok(errors.some((e) => pattern.test(e)), `expected an error matching ${pattern}; got:\n${errors.join('\n')}`);
  }
  const wrongVersion = { ...structuredClone(manifest), manifestVersion: '1.17' };
  assert.ok((await validateManifest(wrongVersion)).some((e) => /manifestVersion/.test(e)));
});

test('package.sh refuses bad values with a clear message and writes nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aimsbot-manifest-'));
  const out = path.join(dir, 'appPackage.zip');
  try {
    const badId = runPackage({ BOT_ID: 'not-a-guid', BOT_DOMAIN }, out);
    assert.notEqual(badId.status, 0);
    assert.match(badId.stderr, /BOT_ID must be a GUID/);
    const badDomain = runPackage({ BOT_ID, BOT_DOMAIN: 'bad domain"' }, out);
    assert.notEqual(badDomain.status, 0);
    assert.match(badDomain.stderr, /BOT_DOMAIN must be a host name/);
    const badUrl = runPackage({ BOT_ID, BOT_DOMAIN, PRIVACY_URL: 'http://insecure.example/privacy' }, out);
    assert.notEqual(badUrl.status, 0);
    assert.match(badUrl.stderr, /PRIVACY_URL must be an https URL/);
    assert.equal(existsSync(out), false, 'a package was written despite the errors');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('color.png is 192×192 and the same file is packaged', () => {
  const file = readFileSync(path.join(repoRoot, 'manifest', 'color.png'));
  assert.ok(entries.get('color.png').equals(file));
  const png = readPng(file);
  assert.equal(png.width, 192);
  assert.equal(png.height, 192);
});

test('outline.png is 32×32, white on transparent, and draws something', () => {
  const png = readPng(readFileSync(path.join(repoRoot, 'manifest', 'outline.png')));
  assert.equal(png.width, 32);
  assert.equal(png.height, 32);
  assert.equal(png.colorType, 6, 'outline.png needs an alpha channel');
  let drawn = 0;
  let transparent = 0;
  for (const row of png.pixels) {
    for (const [r, g, b, a] of row) {
      if (a === 0) transparent++;
      else {
        drawn++;
        assert.deepEqual([r, g, b], [255, 255, 255], 'every visible pixel of the outline icon must be white');
      }
    }
  }
  assert.ok(drawn > 50, `only ${drawn} visible pixels`);
  assert.ok(transparent > 32 * 32 / 2, 'the background must be transparent');
});

test('make-icons.py reproduces the committed icons exactly', { skip: !hasPython() && 'python3 is not installed' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aimsbot-icons-'));
  try {
    // Run a copy, so that the committed files are compared, not overwritten.
    const script = path.join(dir, 'make-icons.py');
    execFileSync('cp', [path.join(repoRoot, 'manifest', 'make-icons.py'), script]);
    execFileSync('python3', [script], { stdio: 'pipe' });
    for (const name of ['color.png', 'outline.png']) {
      assert.ok(readFileSync(path.join(dir, name)).equals(readFileSync(path.join(repoRoot, 'manifest', name))), `${name} differs from what make-icons.py draws`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function hasPython() {
  return spawnSync('python3', ['--version']).status === 0;
}
