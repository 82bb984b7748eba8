// Validates a Teams app manifest offline against the JSON schema bundled in @microsoft/app-manifest
// (the version its $schema names), plus the limits Teams documents beyond the schema.
//   node tests/e2e/lib/validate-manifest.mjs path/to/manifest.json   → exit 1 and the errors on failure
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const { AppManifestUtils } = require('@microsoft/app-manifest');
const schemaRoot = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

/** The bundled schema for a manifest's $schema URL (never fetched: an unknown version is an error). */
export function bundledSchemaFor(manifest) {
  const match = /\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/.exec(manifest?.$schema ?? '');
  if (!match) {
    throw new Error(`$schema must name a Teams manifest schema (…/teams/v1.x/MicrosoftTeams.schema.json), got ${JSON.stringify(manifest?.$schema)}`);
  }
  const file = path.join(schemaRoot, match[1], 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) {
    throw new Error(`no bundled schema for ${match[1]} in @microsoft/app-manifest`);
  }
  // The schema files carry \a and \v escapes that JSON does not allow; the package cleans them the same way.
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
}

/** All problems with the manifest: schema errors, then Teams limits the schema does not state. */
export async function validateManifest(manifest) {
  let schema;
  try {
    schema = bundledSchemaFor(manifest);
  } catch (e) {
    return [e.message];
  }
  const errors = [...await AppManifestUtils.validateAgainstSchema(manifest, schema)];
  const version = /\/teams\/v([0-9.]+)\//.exec(manifest.$schema)?.[1];
  if (version && manifest.manifestVersion !== version) {
    errors.push(`/manifestVersion is ${JSON.stringify(manifest.manifestVersion)} but $schema is v${version}`);
  }
  for (const [b, bot] of (manifest.bots ?? []).entries()) {
    for (const [l, list] of (bot.commandLists ?? []).entries()) {
      for (const [c, command] of (list.commands ?? []).entries()) {
        const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
        if ((command.title ?? '').length > 32) errors.push(`${at}/title is longer than the 32 characters Teams shows`);
        if ((command.description ?? '').length > 128) errors.push(`${at}/description is longer than the 128 characters Teams shows`);
      }
    }
  }
  return errors;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node validate-manifest.mjs MANIFEST.json');
    process.exit(2);
  }
  const errors = await validateManifest(JSON.parse(readFileSync(file, 'utf8')));
  for (const e of errors) console.error(`manifest: ${e}`);
  process.exit(errors.length === 0 ? 0 : 1);
}
