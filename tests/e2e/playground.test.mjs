// End to end in a real Teams client: the bot (local anonymous mode, fresh tables) and the Microsoft 365
// Agents Playground, driven by headless Chromium as a person would — install, type `help`, press a card's
// button and see the card change in place. Screenshots go to .artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/validate-manifest.mjs';
import { artifacts, PLAYGROUND_USER, startAzurite, startBot, startPlayground } from './lib/services.mjs';
import { layoutProblems } from './lib/layout.mjs';

const require = createRequire(path.join(repoRoot, 'package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.AIMSBOT_CHROMIUM || '/usr/bin/chromium';
const shots = path.join(artifacts, 'e2e');
const logs = path.join(artifacts, 'logs');
const CARD = '.ac-adaptiveCard';
const TIMEOUT = 30000;

let azurite;
let tables;
let tablePrefix;
let bot;
let playground;
let context;
let page;
let profile;
const blocked = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium is not at ${CHROMIUM}: apt-get install chromium (./aims test does)`);
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  tables = process.env.AIMSBOT_TEST_TABLES;
  if (!tables) {
    azurite = await startAzurite(logs);
    tables = azurite.connectionString;
  }
  tablePrefix = `e2e${randomBytes(5).toString('hex')}`;
  bot = await startBot({ tables, logDir: logs, tablePrefix });
  playground = await startPlayground({ botUrl: bot.url, logDir: logs, workDir: path.join(artifacts, 'e2e-playground') });

  profile = mkdtempSync(path.join(tmpdir(), 'aimsbot-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  // The Playground page asks for fonts and animations from a CDN: nothing leaves this machine.
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(playground.url, { waitUntil: 'load' });
});

after(async () => {
  if (page && !page.isClosed()) await page.screenshot({ path: path.join(shots, '99-last.png') }).catch(() => {});
  await context?.close().catch(() => {});
  writeFileSync(path.join(shots, 'blocked-requests.txt'), blocked.length ? `${[...new Set(blocked)].join('\n')}\n` : '');
  await playground?.stop();
  await bot?.stop();
  await azurite?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const cards = () => page.locator(CARD);

async function shoot(name) {
  await page.screenshot({ path: path.join(shots, name) });
}

/** The card reads whole at the Playground's width: nothing clipped, no word broken across lines (lib/layout.mjs). */
async function assertReadable(card, what) {
  assert.deepEqual(await layoutProblems(card), [], `${what} does not read whole at the Playground's width`);
}

async function send(text) {
  const box = page.locator('[data-lexical-editor=true]');
  await box.click();
  await box.pressSequentially(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

test('installing the app greets the person with the welcome card', async () => {
  const welcome = cards().filter({ hasText: 'Welcome to AimsBot' });
  await welcome.first().waitFor();
  assert.equal(await welcome.count(), 1, 'the welcome card must come once, though install sends two activities');
  await assert.doesNotReject(welcome.getByRole('button', { name: 'Show commands' }).waitFor());
  const offered = await welcome.innerText();
  assert.match(offered, /You can ask me: .*\bhelp\b/);
  assert.match(offered, /\bwhoami\b/);
  assert.match(offered, /As a compliance lead/, 'the Playground user is configured as a compliance lead');
  await shoot('01-welcome.png');
  await assertReadable(welcome.first(), 'the welcome card');
});

test('`help` typed in the message box is answered with the help card', async () => {
  const before = await cards().count();
  await send('help');
  const help = cards().nth(before);
  await help.waitFor();
  const text = await help.innerText();
  assert.match(text, /What you can ask me/);
  assert.match(text, /help\s+What you can ask me, given your roles\./);
  assert.match(text, /whoami\s+Your identity and AIMS roles as I see them\./);
  await shoot('02-help.png');
  await assertReadable(help, 'the help card');
});

test('pressing "Show commands" on the welcome card updates that card in place', async () => {
  const first = cards().first();
  const count = await cards().count();
  await first.getByRole('button', { name: 'Show commands' }).click();
  await page.waitForFunction(
    (selector) => {
      const card = document.querySelector(selector);
      return card && card.innerText.includes('What you can ask me') && !card.innerText.includes('Welcome to AimsBot');
    },
    CARD,
    { timeout: TIMEOUT },
  );
  assert.match(await first.innerText(), /whoami\s+Your identity and AIMS roles as I see them\./);
  assert.equal(await cards().count(), count, 'the action must replace the card, not post a new message');
  assert.equal(await cards().filter({ hasText: 'Welcome to AimsBot' }).count(), 0);
  await shoot('03-welcome-updated.png');
  await assertReadable(first, 'the updated welcome card');
});

test('`whoami` shows the Playground user as the bot sees them', async () => {
  const before = await cards().count();
  await send('whoami');
  const card = cards().nth(before);
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /Who you are to me/);
  assert.match(text, /Alex Wilber/);
  assert.match(text, /00000000-0000-0000-0000-0000000000020/); // the Playground's default user's Entra object id
  await shoot('04-whoami.png');
  await assertReadable(card, 'whoami');
});

test('`system add` shows a form that, filled in and submitted, is replaced by the result in place', async () => {
  const before = await cards().count();
  await send('system add');
  const form = cards().nth(before);
  await form.waitFor();
  assert.match(await form.innerText(), /Name/);
  await form.getByLabel('Name', { exact: false }).first().fill('E2E Credit Scorer');
  await form.getByRole('checkbox').first().check();
  await shoot('06-system-add-filled.png');
  const count = await cards().count();
  await form.getByRole('button', { name: 'Add system' }).click();
  await page.waitForFunction(
    ([selector, index]) => {
      const card = document.querySelectorAll(selector)[index];
      return card && card.innerText.includes('Added E2E Credit Scorer to the register');
    },
    [CARD, before],
    { timeout: TIMEOUT },
  );
  assert.equal(await cards().count(), count, 'the submission must replace the form, not post a new message');
  await shoot('07-system-added.png');
  await assertReadable(form, 'the system added card');

  const listBefore = await cards().count();
  await send('systems');
  const list = cards().nth(listBefore);
  await list.waitFor();
  assert.match(await list.innerText(), /E2E Credit Scorer/);
  await shoot('08-systems.png');
  await assertReadable(list, 'systems');
});

// The outbox delivers proactive cards on its drain (every minute): the owner's card arrives on its own, so the journey
// waits for it here rather than have it land in the middle of a later step.
test('the owner of a new AI system gets a card asking for its impact assessment within a minute', async () => {
  await page.waitForFunction(
    ([selector, wanted]) => [...document.querySelectorAll(selector)].some((card) => card.innerText.includes(wanted)),
    [CARD, 'E2E Credit Scorer needs an impact assessment'],
    { timeout: 75000 },
  );
  const card = cards().filter({ hasText: 'E2E Credit Scorer needs an impact assessment' }).last();
  assert.match(await card.innerText(), /you are its owner/);
  await shoot('08b-new-system-needs-assessment.png');
  await assertReadable(card, 'the new system\'s call for an impact assessment');
});

test('`soa` shows the organisation\'s Statement of Applicability, all 38 controls by objective', async () => {
  const before = await cards().count();
  await send('soa');
  const card = cards().nth(before);
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /Statement of Applicability — the organisation/);
  assert.match(text, /38 controls: 38 included, 0 excluded/);
  assert.match(text, /A\.10 Third-party and customer relationships/);
  assert.match(text, /A\.10\.4 Customers/);
  await shoot('09-soa.png');
  await assertReadable(card, 'the SoA');
});

test('a mistyped command gets a suggestion, not an error', async () => {
  await send('halp');
  // As rendered in the chat (markdown bold, no asterisks), not as the Playground's log panel shows it.
  const reply = page.getByText("I don't know the command 'halp'. Did you mean help? Say help for the full list.");
  await reply.first().waitFor();
  assert.equal(await reply.first().locator('strong, b').first().innerText(), 'help');
  await shoot('05-suggestion.png');
});

/** Waits until the card at `index` (in chat order) shows `text`. */
async function cardAt(index, text) {
  await page.waitForFunction(
    ([selector, i, wanted]) => {
      const card = document.querySelectorAll(selector)[i];
      return card && card.innerText.includes(wanted);
    },
    [CARD, index, text],
    { timeout: TIMEOUT },
  );
  return cards().nth(index);
}

const EVIDENCE_URL = 'https://contoso.sharepoint.com/sites/aims/monitoring-2026-10.pdf';
const EVIDENCE_NOTE = 'October drift and error dashboard, reviewed by the model risk team';
let evidenceId; // shown on the record, looked for in the evidence table

test('`evidence add` shows the evidence form that, submitted, is replaced in place by the record', async () => {
  const before = await cards().count();
  await send('evidence add A.6.2.6 system E2E Credit Scorer');
  const form = await cardAt(before, 'Evidence for A.6.2.6');
  assert.match(await form.innerText(), /For E2E Credit Scorer\./);
  // Kind is a Fluent combobox in the Playground, the dates are date pickers that accept typed dates.
  await form.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Link' }).click();
  await form.getByLabel('Link (https', { exact: false }).fill(EVIDENCE_URL);
  await form.getByLabel('Description', { exact: false }).fill(EVIDENCE_NOTE);
  for (const [label, date] of [['Covers the period from', 'October 1, 2026'], ['to', 'October 31, 2026']]) {
    const picker = form.getByRole('combobox', { name: label, exact: true });
    await picker.fill(date);
    await picker.press('Enter');
    await page.keyboard.press('Escape');
    assert.equal(await picker.inputValue(), date);
  }
  await shoot('10-evidence-form-filled.png');
  await assertReadable(form, 'the evidence form');
  const count = await cards().count();
  await form.getByRole('button', { name: 'Record evidence' }).click();
  const recorded = await cardAt(before, 'Evidence recorded for A.6.2.6');
  const text = await recorded.innerText();
  evidenceId = /Evidence id\s+([0-9a-f]{32})/.exec(text)?.[1];
  assert.ok(evidenceId, `the record shows its evidence id:\n${text}`);
  assert.equal(await cards().count(), count, 'the submission must replace the form, not post a new message');
  // A long address cannot wrap inside a fact: the card shows it shortened, as a link to the whole address.
  assert.match(text, /Link\s+contoso\.sharepoint\.com\/sites\/aims\/monit…\n/);
  assert.equal(await recorded.getByRole('link').first().getAttribute('href'), EVIDENCE_URL);
  assert.match(text, /Covers\s+2026-10-01 to 2026-10-31/);
  assert.match(text, /Recorded by\s+Alex Wilber/);
  await shoot('11-evidence-recorded.png');
  await assertReadable(recorded, 'the evidence record');
});

test('`evidence <id>` answers with a schema 1.5 Table that the Playground renders, showing the record', async () => {
  const before = await cards().count();
  await send('evidence A.6.2.6 system E2E Credit Scorer');
  const card = await cardAt(before, 'Evidence for A.6.2.6');
  assert.match(await card.innerText(), /Rows 1–1, newest first\. All dates \(UTC days; times in UTC\)\./);
  // The Adaptive Cards renderer draws a Table as ARIA roles on divs: table > row > columnheader | cell.
  const table = card.getByRole('table');
  assert.equal(await table.count(), 1, 'the card must render one table');
  const rows = table.getByRole('row');
  assert.equal(await rows.count(), 2, 'a header row and the one record');
  const cellTexts = (locator) => locator.evaluateAll((cells) => cells.map((c) => c.innerText.trim().replace(/\s+/g, ' ')));
  // No System column: every row is of the system asked about (the subtitle says whose control it is).
  // Three columns fit the narrowest chat: the evidence itself (kind, link, description, period covered) is one.
  assert.deepEqual(await cellTexts(rows.first().getByRole('columnheader')), ['Submitted', 'By', 'Evidence']);
  const [date, submitter, evidence] = await cellTexts(rows.nth(1).getByRole('cell'));
  assert.match(date, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${evidenceId}$`), 'date (UTC) and the evidence id');
  assert.equal(submitter, 'Alex Wilber');
  assert.equal(evidence, `Link · contoso.sharepoint.com/sites/aims/monit… ${EVIDENCE_NOTE} covers 2026-10-01 – 2026-10-31`, 'kind, the shortened link, the description and the period');
  assert.equal(await rows.nth(1).getByRole('link').getAttribute('href'), EVIDENCE_URL);
  assert.match(await card.innerText(), /End of the list: 1 record\./);
  assert.equal(await card.getByRole('button', { name: 'More' }).count(), 0, 'one record: no More button');
  await shoot('12-evidence-table.png');
  await assertReadable(card, 'the evidence table');
});

test('`evidence <id> all systems covering <from> <to>` finds the record by the period it covers, naming its system', async () => {
  const before = await cards().count();
  await send('evidence A.6.2.6 all systems covering 2026-10-15 2026-12-31');
  const card = await cardAt(before, 'Evidence for A.6.2.6');
  assert.match(await card.innerText(), /Across the organisation and every AI system\./);
  assert.match(await card.innerText(), /Covering any day of 2026-10-15 to 2026-12-31 \(UTC days; times in UTC\)\./);
  const rows = card.getByRole('table').getByRole('row');
  const cellTexts = (locator) => locator.evaluateAll((cells) => cells.map((c) => c.innerText.trim().replace(/\s+/g, ' ')));
  assert.deepEqual(await cellTexts(rows.first().getByRole('columnheader')), ['Submitted', 'Scope', 'By', 'Evidence']);
  const [date, scope] = await cellTexts(rows.nth(1).getByRole('cell'));
  assert.match(date, new RegExp(`${evidenceId}$`), 'the record submitted above');
  assert.equal(scope, 'E2E Credit Scorer');
  await shoot('12b-evidence-all-systems-covering.png');
  await assertReadable(card, 'the evidence table across systems');
});

test('`evidence` with an impossible date is answered with what is wrong with it', async () => {
  await send('evidence a6.2.6 since 2026-13-01');
  // As rendered in the chat (no asterisks), not as the Playground's log panel shows it.
  const reply = page.getByText(/^'2026-13-01' after 'since' is not a date I can read\. Dates look like 2026-01-31 \(year-month-day\)\. Use: evidence/);
  await reply.first().waitFor();
  // The placeholders stay visible: Teams reads the text as markdown with HTML, where <yyyy-mm-dd> would be a tag.
  assert.match(await reply.first().innerText(), /Use: evidence <id> \[system <name>\|all systems\] \[since <yyyy-mm-dd>\] \[until <yyyy-mm-dd>\] \[covering <from> <to>\]$/);
  await shoot('13-evidence-bad-date.png');
});

test('`nudge now` answers with the scan\'s counts', async () => {
  const before = await cards().count();
  await send('nudge now');
  const card = await cardAt(before, 'Nudge scan done');
  const text = await card.innerText();
  // A fresh register: every control is next due a cadence (a year) from now, so nothing is due within the notice
  // days, and nothing is queued or unreachable.
  for (const fact of ['Due soon', 'Overdue', 'Cards queued', 'Unreachable owners']) {
    assert.match(text, new RegExp(`${fact}\\s+0\\n`), `${fact} is shown, as 0:\n${text}`);
  }
  await shoot('14-nudge-now.png');
  await assertReadable(card, 'the nudge scan card');
});

test('`export register` offers the file with a file consent card, which the Playground cannot show', async () => {
  await send('export register');
  // The Playground has no renderer for application/vnd.microsoft.teams.card.file.consent: it shows a placeholder in
  // the chat, and a warning, where Teams would show Allow / Decline.
  await page.getByText('File Consent Card is not supported yet', { exact: true }).first().waitFor();
  await page.getByText('File Consent Card is not supported yet in Microsoft 365 Agents playground', { exact: false }).first().waitFor();
  await shoot('15-export-register-file-consent.png');
});

const EXCLUSION = 'we sell to no end customers, only to our own group companies';

test('`soa exclude` as a compliance lead excludes a control with its justification', async () => {
  await send(`soa exclude A.10.4 because ${EXCLUSION}`);
  const reply = page.getByText(/^Excluded A\.10\.4 Customers for the organisation, and so for every AI system\./);
  await reply.first().waitFor();
  assert.match(await reply.first().innerText(), new RegExp(EXCLUSION));
  await shoot('16-soa-exclude.png');
});

// An impact assessment answered in the Playground as its owner would: eight step cards, each replaced in place by
// the next; every input answered (text typed, the first choice picked where none is), then Submit.
async function answerStep(card, step) {
  for (const box of await card.getByRole('textbox').all()) {
    if (await box.isEditable() && (await box.inputValue()) === '') await box.fill(`E2E step ${step}: answered in the Agents Playground.`);
  }
  for (const group of await card.getByRole('radiogroup').all()) {
    if (await group.getByRole('radio', { checked: true }).count() === 0) await group.getByRole('radio').first().check();
  }
  const boxes = card.getByRole('checkbox');
  if (await boxes.count() > 0 && await card.getByRole('checkbox', { checked: true }).count() === 0) await boxes.first().check();
  for (const combo of await card.getByRole('combobox').all()) {
    if ((await combo.inputValue().catch(() => '')) === '' && !(await combo.innerText()).trim()) {
      await combo.click();
      await page.getByRole('option').first().click();
    }
  }
}

test('`assess` walks the owner through the eight steps of an impact assessment, each card replaced in place, and submits it', async () => {
  const before = await cards().count();
  await send('assess E2E Credit Scorer');
  let card = await cardAt(before, 'Step 1 of 8');
  const count = await cards().count();
  await shoot('17-assess-step-1.png');
  // The first step is pre-filled from the register.
  assert.equal(await card.getByLabel('Name of the AI system', { exact: false }).first().inputValue(), 'E2E Credit Scorer');
  await assertReadable(card, 'the first step of the impact assessment');
  for (let step = 1; step <= 8; step++) {
    // A harm, so the submitted card shows a scored impact level.
    if (step === 7) await card.getByRole('radio', { name: 'A harm' }).check();
    await answerStep(card, step);
    if (step === 7) {
      await shoot('18-assess-step-7-impacts.png');
      await assertReadable(card, 'the impacts step');
    }
    if (step < 8) {
      await card.getByRole('button', { name: 'Next', exact: true }).click();
      card = await cardAt(before, `Step ${step + 1} of 8`);
    } else {
      await card.getByRole('button', { name: 'Submit', exact: true }).click();
      card = await cardAt(before, 'Submitted — waiting for approval');
    }
  }
  assert.equal(await cards().count(), count, 'each step must replace the card in place, not post a new message');
  const text = await card.innerText();
  assert.match(text, /System\s+E2E Credit Scorer/);
  assert.match(text, /Version\s+1/);
  assert.match(text, /Impact level as scored\s+\w+/);
  await shoot('19-assess-submitted.png');
  await assertReadable(card, 'the submitted assessment');

  const listBefore = await cards().count();
  await send('assessments');
  const list = await cardAt(listBefore, 'E2E Credit Scorer');
  assert.match(await list.innerText(), /submitted/i);
  await shoot('19b-assessments.png');
  await assertReadable(list, 'assessments');
});

test('`nc raise` shows a form that, submitted, becomes the triage card in place, and triage names the owner and the first step', async () => {
  const before = await cards().count();
  await send('nc raise');
  const form = await cardAt(before, 'Raise a nonconformity');
  await form.getByLabel('Title', { exact: false }).first().fill('E2E drift check skipped in March');
  await form.getByLabel('What happened', { exact: false }).fill('The monthly drift check of E2E Credit Scorer was not run in March.');
  // The choices are Fluent comboboxes in the Playground.
  await form.getByRole('combobox', { name: 'Where it was found' }).click();
  await page.getByRole('option', { name: 'Control failure' }).click();
  await form.getByRole('combobox', { name: 'Severity' }).click();
  await page.getByRole('option', { name: 'Major' }).click();
  await form.getByLabel('AI system', { exact: false }).fill('E2E Credit Scorer');
  await form.getByLabel('Annex A controls concerned', { exact: false }).fill('A.6.2.6');
  await shoot('19c-nc-raise-filled.png');
  await assertReadable(form, 'the raise form');
  const count = await cards().count();
  await form.getByRole('button', { name: 'Raise', exact: true }).click();
  // The Playground's user is a compliance lead: the raise form becomes the triage card.
  const triage = await cardAt(before, 'Raised NC-1. Triage it here.');
  const raised = await triage.innerText();
  assert.match(raised, /Severity\s+Major/);
  assert.match(raised, /Scope\s+E2E Credit Scorer/);
  assert.match(raised, /Controls\s+A\.6\.2\.6/);
  assert.equal(await cards().count(), count, 'raising must replace the form, not post a new message');
  await shoot('19d-nc-triage.png');
  await assertReadable(triage, 'the triage card');

  // Owner left empty: the lead takes it on; the due dates are pre-filled.
  await triage.getByRole('button', { name: 'Triage', exact: true }).click();
  const triaged = await cardAt(before, 'Triaged NC-1: next, the correction and containment.');
  const text = await triaged.innerText();
  assert.match(text, /Step\s+Correction and containment/);
  assert.match(text, /Owner\s+Alex Wilber/);
  assert.match(text, /Due\s+\d{4}-\d{2}-\d{2}/);
  assert.match(text, /What was done to control and correct it/);
  assert.equal(await cards().count(), count, 'triage must replace the card in place');
  await shoot('19e-nc-triaged.png');
  await assertReadable(triaged, 'the correction step');
});

// The same register, read by a certification auditor: the bot restarts where the Playground points, with the
// Playground's user an auditor only (what `./aims run --as auditor` does), and the conversation goes on.
test('restarted with `--as auditor`, the same person is an auditor and nothing else', async () => {
  const { port } = new URL(bot.url);
  await bot.stop();
  bot = await startBot({ tables, logDir: logs, tablePrefix, roles: { Auditors: PLAYGROUND_USER }, port: Number(port), logName: 'e2e-bot-auditor.log' });
  const before = await cards().count();
  await send('whoami');
  const card = await cardAt(before, 'Who you are to me');
  const text = await card.innerText();
  assert.match(text, /Roles\s+auditor$/);
  await shoot('20-auditor-whoami.png');
  await assertReadable(card, 'whoami as an auditor');
});

test('as an auditor, changing the register is refused and changes nothing', async () => {
  await send('soa exclude A.6.2.6 because auditors should not decide this');
  await page.getByText(/soa exclude.* is not available to you/i).first().waitFor();
  await shoot('21-auditor-refused.png');
});

test('as an auditor, `soa` shows each exclusion with its justification', async () => {
  const before = await cards().count();
  await send('soa');
  const card = await cardAt(before, 'Statement of Applicability — the organisation');
  const text = await card.innerText();
  assert.match(text, /38 controls: 37 included, 1 excluded/);
  assert.match(text, new RegExp(EXCLUSION));
  assert.match(text, /decided by Alex Wilber on \d{4}-\d\d-\d\d/, 'who decided the exclusion, by name, and when');
  await shoot('22-auditor-soa.png');
  await assertReadable(card, 'the SoA for an auditor');
});

test('as an auditor, `evidence <id> system <name>` shows the record the owner added', async () => {
  const before = await cards().count();
  await send('evidence A.6.2.6 system E2E Credit Scorer');
  const card = await cardAt(before, 'Evidence for A.6.2.6');
  assert.match(await card.innerText(), new RegExp(evidenceId));
  await shoot('23-auditor-evidence.png');
  await assertReadable(card, 'the evidence table for an auditor');
});

test('as an auditor, `evidence <id> all systems covering` finds one control\'s evidence across every system by the period it covers', async () => {
  const before = await cards().count();
  await send('evidence A.6.2.6 all systems covering 2026-10-01 2026-12-31');
  const card = await cardAt(before, 'Evidence for A.6.2.6');
  const text = await card.innerText();
  assert.match(text, /Across the organisation and every AI system\./);
  assert.match(text, new RegExp(evidenceId));
  assert.match(text, /E2E Credit Scorer/);
  await shoot('24-auditor-evidence-all-systems.png');
  await assertReadable(card, 'the evidence across systems for an auditor');
});

test('as an auditor, `ledger soa` lists every applicability decision with who and when', async () => {
  const before = await cards().count();
  await send('ledger soa');
  const card = await cardAt(before, 'SoA decisions');
  const text = await card.innerText();
  assert.match(text, /A\.10\.4/);
  assert.match(text, /Alex Wilber/);
  assert.match(text, new RegExp(EXCLUSION));
  await shoot('25-auditor-ledger-soa.png');
  await assertReadable(card, 'ledger soa');
});

test('as an auditor, a control\'s ledger reads the change in words, with the raw event a click away', async () => {
  const before = await cards().count();
  await send('ledger org/A.10.4');
  const card = await cardAt(before, 'A.10.4');
  const text = await card.innerText();
  assert.match(text, /Alex Wilber/, 'the person by name, not an object id');
  assert.match(text, /Justification/);
  assert.match(text, new RegExp(EXCLUSION));
  assert.doesNotMatch(text, /00000000-0000-0000-0000-0000000000020/, 'no bare object id where the name is known');
  assert.ok(await card.getByRole('button', { name: /Raw event/ }).count() >= 1, 'the raw event is a click away');
  await shoot('26-auditor-ledger-control.png');
  await assertReadable(card, 'a control\'s ledger');
});

test('as an auditor, `controls unowned` lists the applicable controls nobody owns', async () => {
  const before = await cards().count();
  await send('controls unowned');
  const card = await cardAt(before, 'with no owner');
  const text = await card.innerText();
  assert.match(text, /A\.2\.2/);
  assert.doesNotMatch(text, /A\.10\.4 Customers/, 'an excluded control is not due from anyone');
  await shoot('27-auditor-controls-unowned.png');
  await assertReadable(card, 'controls unowned');
});

test('as an auditor, `overdue` answers for the last 90 days (a register made today has nothing overdue yet)', async () => {
  await send('overdue');
  await page.getByText(/^No control was overdue between \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d\.$/).first().waitFor();
  await send('overdue since 2026-13-01');
  await page.getByText(/2026-13-01/).last().waitFor();
  await shoot('28-auditor-overdue.png');
});

test('the bot handled every step and logged no errors', () => {
  for (const [name, commands] of [
    ['e2e-bot.log', ['help', 'whoami', 'soa', 'evidence add', 'evidence', 'nudge now', 'export', 'soa exclude']],
    ['e2e-bot-auditor.log', ['whoami', 'soa', 'evidence', 'ledger soa', 'ledger', 'controls unowned', 'overdue']],
  ]) {
    const log = readFileSync(path.join(logs, name), 'utf8');
    for (const command of commands) assert.match(log, new RegExp(`Command ${command} from`), `${name} shows no ${command} command`);
    const failures = log.split('\n').filter((line) => /^(fail|crit):/.test(line));
    assert.deepEqual(failures, [], `${name} has errors:\n${failures.join('\n')}`);
  }
});
