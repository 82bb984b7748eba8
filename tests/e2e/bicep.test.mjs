// infra/: `bicep build` and `bicep lint` pass offline on main.bicep (linter rules raised to errors in
// infra/bicepconfig.json), the compiled template holds what the issue asks for, and broken copies fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/validate-manifest.mjs';

const BICEP_VERSION = '0.49.2';
const toolsProject = path.join(repoRoot, 'tests', 'e2e', 'tools', 'AimsBot.E2eTools.csproj');

/** The Bicep CLI from the NuGet package (restored by tests/e2e/tools when missing). */
function findBicep() {
  if (process.env.AIMSBOT_BICEP) return process.env.AIMSBOT_BICEP;
  const packages = process.env.NUGET_PACKAGES || path.join(homedir(), '.nuget', 'packages');
  const bin = path.join(packages, 'azure.bicep.commandline.linux-x64', BICEP_VERSION, 'tools', 'bicep');
  if (!existsSync(bin)) {
    const restore = spawnSync('dotnet', ['restore', toolsProject, '--nologo'], { encoding: 'utf8' });
    assert.equal(restore.status, 0, `dotnet restore ${toolsProject} failed:\n${restore.stdout}${restore.stderr}`);
  }
  assert.ok(existsSync(bin), `the Bicep CLI is not at ${bin} after restoring ${toolsProject}`);
  return bin;
}

let bicep;
let work;

function run(args) {
  const result = spawnSync(bicep, args, {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', BICEP_TELEMETRY_ENABLED: 'false' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim(), error: result.error };
}

/** A copy of infra/ in a temp folder, changed by edit(files) where files maps a relative path to its text. */
function brokenCopy(name, edit) {
  const dir = path.join(work, name);
  cpSync(path.join(repoRoot, 'infra'), dir, { recursive: true });
  edit({
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
    write: (file, text) => writeFileSync(path.join(dir, file), text),
  });
  return dir;
}

/** Every resource in the compiled template, nested deployments included. */
function allResources(template) {
  const found = [];
  const visit = (resources) => {
    for (const r of Object.values(resources ?? {})) {
      found.push(r);
      if (r.type === 'Microsoft.Resources/deployments') visit(r.properties?.template?.resources);
    }
  };
  visit(template.resources);
  return found;
}

/** The security and wiring policy the template must keep; returns what is wrong. */
function policyProblems(template) {
  const problems = [];
  const resources = allResources(template);
  const ofType = (type) => resources.filter((r) => r.type === type);
  const text = (r) => JSON.stringify(r);

  const deployment = (name) => ofType('Microsoft.Resources/deployments').find((d) => d.name === name);
  const moduleText = (name) => JSON.stringify(deployment(name) ?? null);

  // App settings are composed in modules/resources.bicep and handed to the web app module.
  const wiring = moduleText('aimsbot-resources');
  for (const setting of ['Bot__AppId', 'Bot__AppType', 'Bot__TenantId', 'Bot__Connector__ManagedIdentityClientId', 'Bot__AppPassword',
    'Storage__TableServiceUri', 'Hangfire__Storage', 'ConnectionStrings__Hangfire', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'AZURE_CLIENT_ID',
    'Roles__ComplianceLeads', 'Roles__Auditors', 'Roles__RiskApprovers', 'Roles__Admins',
    'Ledger__SigningKey', 'Ledger__SigningKeyId', 'Ledger__CheckpointContainer', 'Storage__BlobServiceUri']) {
    if (!wiring.includes(`'${setting}'`) && !wiring.includes(`"${setting}"`)) problems.push(`app setting ${setting} is not wired`);
  }
  if (!/appSettings/.test(moduleText('appservice'))) problems.push('the web app module receives no app settings');

  const sites = ofType('Microsoft.Web/sites');
  if (sites.length !== 1) problems.push(`expected one web app, found ${sites.length}`);
  for (const site of sites) {
    const p = site.properties ?? {};
    if (p.httpsOnly !== true) problems.push('the web app is not HTTPS only');
    if (p.siteConfig?.minTlsVersion !== '1.2') problems.push(`the web app's minTlsVersion is ${p.siteConfig?.minTlsVersion}`);
    if (p.siteConfig?.linuxFxVersion !== 'DOTNETCORE|10.0') problems.push(`the web app runs ${p.siteConfig?.linuxFxVersion}, not .NET 10 on Linux`);
    if (p.siteConfig?.ftpsState !== 'Disabled') problems.push('FTP is not disabled');
    if (!/UserAssigned/.test(text(site.identity))) problems.push('the web app has no user-assigned identity');
  }
  const plans = ofType('Microsoft.Web/serverfarms');
  if (!plans.some((p) => p.properties?.reserved === true)) problems.push('the App Service plan is not Linux');

  const bots = ofType('Microsoft.BotService/botServices');
  if (bots.length !== 1) problems.push(`expected one Azure Bot, found ${bots.length}`);
  if (!ofType('Microsoft.BotService/botServices/channels').some((c) => c.properties?.channelName === 'MsTeamsChannel')) {
    problems.push('the Azure Bot has no Microsoft Teams channel');
  }
  const appTypes = deployment('bot')?.properties?.template?.parameters?.appType?.allowedValues ?? [];
  if (!appTypes.includes('UserAssignedMSI') || !appTypes.includes('SingleTenant')) {
    problems.push('the bot cannot be UserAssignedMSI or SingleTenant');
  }

  const accounts = ofType('Microsoft.Storage/storageAccounts');
  for (const a of accounts) {
    if (a.properties?.minimumTlsVersion !== 'TLS1_2') problems.push('storage accepts TLS below 1.2');
    if (a.properties?.supportsHttpsTrafficOnly !== true) problems.push('storage accepts HTTP');
    if (a.properties?.allowSharedKeyAccess !== false) problems.push('storage accepts shared keys (managed identity only)');
  }
  const grants = (module, roleId) => {
    const t = deployment(module)?.properties?.template;
    return Object.values(t?.resources ?? {}).some((r) => r.type === 'Microsoft.Authorization/roleAssignments') && JSON.stringify(t).includes(roleId);
  };
  if (!grants('storage', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')) problems.push('no Storage Table Data Contributor role assignment');
  if (!grants('keyvault', '4633458b-17de-408a-b874-0445c86b69e6')) problems.push('no Key Vault Secrets User role assignment');
  // Ledger checkpoints: an append-only (WORM) container the bot may add blobs to, and a signing key kept once.
  if (!ofType('Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies')
    .some((p) => p.condition === undefined && p.properties?.immutabilityPeriodSinceCreationInDays !== undefined && p.properties?.allowProtectedAppendWrites === false)) {
    problems.push('the ledger checkpoint container has no time-based immutability policy');
  }
  if (!grants('storage', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')) problems.push('no Storage Blob Data Contributor role assignment for the checkpoints');
  const ledgerKey = deployment('secret-ledger-signing-key');
  if (!/ledger-signing-key/.test(JSON.stringify(ledgerKey?.properties?.parameters ?? null))
    || !Object.values(ledgerKey?.properties?.template?.resources ?? {}).some((r) => r.type === 'Microsoft.KeyVault/vaults/secrets' && r['@options']?.onlyIfNotExists)) {
    problems.push('the ledger signing key is not a Key Vault secret written only once');
  }
  if (!ofType('Microsoft.KeyVault/vaults').some((v) => v.properties?.enableRbacAuthorization === true)) problems.push('no Key Vault with RBAC');
  const postgres = deployment('postgres');
  if (!postgres) problems.push('no PostgreSQL module');
  else if (!/scaleOut/.test(String(postgres.condition))) problems.push('PostgreSQL is not conditional on scaleOut');
  if (ofType('Microsoft.OperationalInsights/workspaces').length !== 1) problems.push('no Log Analytics workspace');
  if (ofType('Microsoft.Insights/components').length !== 1) problems.push('no Application Insights');
  const diagnostics = ofType('Microsoft.Insights/diagnosticSettings').length;
  if (diagnostics < 5) problems.push(`only ${diagnostics} diagnostic settings (web app, bot, storage, Key Vault, PostgreSQL)`);
  for (const output of ['BOT_ID', 'BOT_DOMAIN', 'AZURE_KEY_VAULT_NAME']) {
    if (!template.outputs?.[output]) problems.push(`output ${output} (for azd and manifest/package.sh) is missing`);
  }
  return problems;
}

function build(dir) {
  const out = path.join(dir, 'main.json');
  const result = run(['build', path.join(dir, 'main.bicep'), '--outfile', out]);
  return { ...result, template: result.status === 0 ? JSON.parse(readFileSync(out, 'utf8')) : null };
}

before(() => {
  bicep = findBicep();
  work = mkdtempSync(path.join(tmpdir(), 'aimsbot-bicep-'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test(`the Bicep CLI is ${BICEP_VERSION} and runs here`, () => {
  const version = run(['--version']);
  assert.equal(version.status, 0, version.output || String(version.error));
  assert.match(version.output, new RegExp(`Bicep CLI version ${BICEP_VERSION.replaceAll('.', '\\.')}`));
});

test('bicep build compiles infra/main.bicep with no warnings, to a template that keeps the policy', () => {
  const dir = brokenCopy('real', () => {});
  const result = build(dir);
  assert.equal(result.status, 0, result.output);
  assert.equal(result.output, '', `bicep build printed diagnostics:\n${result.output}`);
  assert.deepEqual(policyProblems(result.template), []);
});

test('bicep lint passes infra/main.bicep with every rule of infra/bicepconfig.json', () => {
  const result = run(['lint', path.join(repoRoot, 'infra', 'main.bicep')]);
  assert.equal(result.status, 0, result.output);
  assert.equal(result.output, '', `bicep lint reported:\n${result.output}`);
});

test('a copy with a compile error fails bicep build', () => {
  const dir = brokenCopy('compile-error', (f) => {
    f.write('modules/appservice.bicep', f.read('modules/appservice.bicep').replace('httpsOnly: true', 'httpsOnly: httpsOnlyFlag'));
  });
  const result = build(dir);
  assert.notEqual(result.status, 0);
  assert.match(result.output, /BCP057/); // the name does not exist in the current context
});

test('a copy with a lint violation fails bicep lint', () => {
  const dir = brokenCopy('lint-error', (f) => {
    f.write('main.bicep', `${f.read('main.bicep')}\nparam forgotten string = 'never used'\n`);
  });
  const result = run(['lint', path.join(dir, 'main.bicep')]);
  assert.notEqual(result.status, 0);
  assert.match(result.output, /no-unused-params/);
});

test('a copy that weakens security or drops wiring fails the policy check', () => {
  const dir = brokenCopy('policy', (f) => {
    f.write('modules/appservice.bicep', f.read('modules/appservice.bicep').replace('httpsOnly: true', 'httpsOnly: false').replace("minTlsVersion: '1.2'", "minTlsVersion: '1.0'"));
    f.write('modules/resources.bicep', f.read('modules/resources.bicep').replace('Storage__TableServiceUri:', 'Storage__Endpoint:'));
    f.write('modules/storage.bicep', f.read('modules/storage.bicep').replace(
      "immutabilityPolicies@2023-05-01' = {", "immutabilityPolicies@2023-05-01' = if (checkpointRetentionDays < 0) {"));
  });
  const result = build(dir);
  assert.equal(result.status, 0, result.output);
  const problems = policyProblems(result.template);
  for (const expected of ['the web app is not HTTPS only', "the web app's minTlsVersion is 1.0", 'app setting Storage__TableServiceUri is not wired',
    'the ledger checkpoint container has no time-based immutability policy']) {
    assert.ok(problems.includes(expected), `expected "${expected}" among:\n${problems.join('\n')}`);
  }
});

test('main.parameters.json names only parameters main.bicep declares, and every required one', () => {
  const parameters = JSON.parse(readFileSync(path.join(repoRoot, 'infra', 'main.parameters.json'), 'utf8')).parameters;
  const result = build(brokenCopy('parameters', () => {}));
  const declared = result.template.parameters;
  for (const name of Object.keys(parameters)) assert.ok(declared[name], `main.parameters.json sets ${name}, which main.bicep does not declare`);
  for (const [name, p] of Object.entries(declared)) {
    if (p.defaultValue === undefined) assert.ok(parameters[name], `required parameter ${name} is not in main.parameters.json`);
  }
});
