// Every card the bot builds (the samples the .NET Packaging tests write to .artifacts/cards/, one per card
// builder, command and card action) rendered by the Adaptive Cards JS renderer in headless Chromium at the width
// the Agents Playground gives a card, and read the way lib/layout.mjs reads a card in the Playground: nothing
// clipped, no word broken across lines, nothing past the card's edge. The Playground journey
// (playground.test.mjs) checks the cards it meets the same way; this covers the cards it never reaches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/validate-manifest.mjs';
import { artifacts } from './lib/services.mjs';
import { layoutProblems } from './lib/layout.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.AIMSBOT_CHROMIUM || '/usr/bin/chromium';
const samples = path.join(artifacts, 'cards');
const shots = path.join(artifacts, 'cards-layout');
// The Agents Playground 0.2.28 in a 1280 × 900 window draws a bot's card 448 px wide (measured on its
// .ac-adaptiveCard); Teams' chat column is wider, so a card that reads whole here reads whole there.
const CARD_WIDTH = 448;

const files = existsSync(samples) ? readdirSync(samples).filter((f) => f.endsWith('.json')).sort() : [];
let browser;
let page;
let profile;

before(async () => {
  assert.ok(files.length > 0, `no card samples in ${samples}: the .NET Packaging tests write them (./aims test runs those first)`);
  assert.ok(existsSync(CHROMIUM), `Chromium is not at ${CHROMIUM}: apt-get install chromium (./aims test does)`);
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  profile = mkdtempSync(path.join(tmpdir(), 'aimsbot-cards-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 800, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  page = browser.pages()[0] ?? await browser.newPage();
  await page.setContent(`<html><body style="margin:0;font-family:'Segoe UI', Tahoma, Geneva, Verdana, sans-serif">
    <div id="host" style="width:${CARD_WIDTH}px"></div></body></html>`);
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  // Teams renders the markdown subset cards use; without it the text would be longer than people see.
  await page.evaluate(() => {
    const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
      const html = escapeHtml(text)
        .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/_([^_]+)_/g, '<em>$1</em>')
        .replace(/\\([\\*_[\]`])/g, '$1')
        .replace(/\n/g, '<br>');
      result.outputHtml = html;
      result.didProcess = true;
    };
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
});

for (const file of files) {
  test(`${file} reads whole at the Playground's card width`, async () => {
    const json = readFileSync(path.join(samples, file), 'utf8');
    const errors = await page.evaluate((text) => {
      const AC = window.AdaptiveCards;
      const card = new AC.AdaptiveCard();
      card.hostConfig = new AC.HostConfig({ preExpandSingleShowCardAction: true, supportsInteractivity: true });
      const events = [];
      card.parse(JSON.parse(text), new AC.SerializationContext());
      const element = card.render();
      if (!element) events.push('the renderer drew nothing');
      const host = document.getElementById('host');
      host.replaceChildren(...(element ? [element] : []));
      // Show what a click shows: every ShowCard's card and every toggled-away element, so they are read too.
      for (const hidden of host.querySelectorAll('.ac-adaptiveCard [style*="display: none"]')) hidden.style.display = '';
      return events;
    }, json);
    assert.deepEqual(errors, []);
    const card = page.locator('#host > .ac-adaptiveCard');
    const problems = await layoutProblems(card);
    if (problems.length > 0) await card.screenshot({ path: path.join(shots, file.replace(/\.json$/, '.png')) }).catch(() => {});
    assert.deepEqual(problems, [], `${file} does not read whole at ${CARD_WIDTH} px (screenshot in .artifacts/cards-layout/)`);
  });
}
