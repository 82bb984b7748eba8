// Checks Adaptive Cards as Teams would take them, offline, with the Adaptive Cards JS renderer
// (adaptivecards@3.0.6): every parse and validation event is a problem (unknown element or action types,
// invalid values, properties newer than the card's version, duplicate ids, required inputs without labels),
// and so is breaking a Teams limit: version above 1.5, 28 KB or more serialized, more than 6 actions,
// more than 60 refresh user ids, an input without a label, an Action.Execute without a verb.
//
//   node tests/e2e/lib/check-cards.mjs CARD.json…   → one JSON line: [{ file, version, bytes, problems: [...] }]
//   exit code 0 when no card has a problem, 1 otherwise, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const AC = require('adaptivecards/dist/adaptivecards.js');

export const MAX_VERSION = '1.5';
export const MAX_BYTES = 28 * 1024;
const MAX_ACTIONS = 6;
const MAX_REFRESH_USERS = 60;

function versionAtMost(version, max) {
  const [a, b] = String(version).split('.').map(Number);
  const [c, d] = max.split('.').map(Number);
  return Number.isInteger(a) && Number.isInteger(b) && (a < c || (a === c && b <= d));
}

/** Walks a card's JSON, calling visit(node, path) for every object. */
function walk(node, visit, at = '') {
  if (Array.isArray(node)) node.forEach((item, i) => walk(item, visit, `${at}/${i}`));
  else if (node && typeof node === 'object') {
    visit(node, at);
    for (const [key, value] of Object.entries(node)) walk(value, visit, `${at}/${key}`);
  }
}

/** The problems of one card, given as its serialized JSON text. */
export function checkCard(text) {
  const problems = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { version: null, bytes, problems: [`not JSON: ${e.message}`] };
  }
  if (json?.type !== 'AdaptiveCard') problems.push(`type is ${JSON.stringify(json?.type)}, not "AdaptiveCard"`);
  const version = json?.version;
  if (!versionAtMost(version, MAX_VERSION)) problems.push(`version ${JSON.stringify(version)} is above ${MAX_VERSION}, the most Teams renders for bots`);
  if (bytes >= MAX_BYTES) problems.push(`${bytes} bytes serialized: at most ${MAX_BYTES - 1}`);

  // Parse against the card's own version: anything newer is reported as unsupported.
  const target = versionAtMost(version, MAX_VERSION) ? AC.Version.parse(String(version), new AC.SerializationContext()) : AC.Versions.v1_5;
  const context = new AC.SerializationContext(target);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    problems.push(`validation: ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }

  // Teams limits the renderer does not know.
  if ((json?.actions?.length ?? 0) > MAX_ACTIONS) problems.push(`${json.actions.length} actions: Teams shows at most ${MAX_ACTIONS}`);
  if ((json?.refresh?.userIds?.length ?? 0) > MAX_REFRESH_USERS) problems.push(`refresh lists ${json.refresh.userIds.length} users: at most ${MAX_REFRESH_USERS}`);
  walk(json, (node, at) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && !(typeof node.label === 'string' && node.label.trim())) {
      problems.push(`${at}: ${node.type} "${node.id}" has no label (Teams reads labels out to screen readers)`);
    }
    if (node.type === 'Action.Execute' && !(typeof node.verb === 'string' && node.verb)) {
      problems.push(`${at}: Action.Execute without a verb cannot be routed`);
    }
  });
  return { version, bytes, problems };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node check-cards.mjs CARD.json…');
    process.exit(2);
  }
  const results = files.map((file) => {
    try {
      return { file, ...checkCard(readFileSync(file, 'utf8')) };
    } catch (e) {
      return { file, version: null, bytes: 0, problems: [`could not check: ${e.message}`] };
    }
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(results.every((r) => r.problems.length === 0) ? 0 : 1);
}
