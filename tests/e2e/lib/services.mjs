// Starting and stopping what the browser suite talks to: Azurite (when the test command has not started
// one), the bot in local anonymous mode, and the Microsoft 365 Agents Playground. Every process is a child
// of this test process (same process group), so whatever stops the test run stops them too.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './validate-manifest.mjs';

export const artifacts = path.join(repoRoot, '.artifacts');

const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A loopback port nothing listens on right now (the caller still checks that its service got it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function httpStatus(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** A started child process, its output in a log file. */
class Service {
  constructor(name, command, args, options, logFile) {
    this.name = name;
    this.logFile = logFile;
    mkdirSync(path.dirname(logFile), { recursive: true });
    this.log = createWriteStream(logFile, { flags: 'w' });
    this.exited = null;
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.pipe(this.log, { end: false });
    this.child.stderr.pipe(this.log, { end: false });
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
      this.child.once('error', (error) => {
        this.exited = { code: -1, signal: null, error };
        resolve(this.exited);
      });
    });
  }

  output() {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  tail(lines = 30) {
    return this.output().split('\n').slice(-lines).join('\n');
  }

  /** Polls check() until it is true; fails early, with the log's tail, if the process exits. */
  async waitUntil(what, check, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} exited (${JSON.stringify(this.exited)}) before ${what}:\n${this.tail()}`);
      if (await check()) return;
      await sleep(250);
    }
    throw new Error(`${this.name}: no ${what} within ${timeoutMs / 1000} s:\n${this.tail()}`);
  }

  /** TERM, then KILL after the grace period. */
  async stop(graceMs = 10000) {
    if (!this.exited) {
      this.child.kill('SIGTERM');
      const stopped = await Promise.race([this.exitPromise, sleep(graceMs).then(() => null)]);
      if (!stopped) {
        this.child.kill('SIGKILL');
        await this.exitPromise;
      }
    }
    await new Promise((r) => this.log.end(r));
  }
}

/** Azurite's table service on a free port, data in a throw-away folder. */
export async function startAzurite(logDir) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'azurite-table');
  if (!existsSync(bin)) throw new Error('Azurite is not installed: run `npm ci` (or ./aims test, which does)');
  const data = mkdtempSync(path.join(tmpdir(), 'aimsbot-e2e-azurite-'));
  const port = await freePort();
  const service = new Service('Azurite', bin, ['--tableHost', '127.0.0.1', '--tablePort', String(port), '--location', data,
    '--skipApiVersionCheck', '--disableTelemetry', '--loose'], {}, path.join(logDir, 'e2e-azurite.log'));
  const stop = service.stop.bind(service);
  service.stop = async () => {
    await stop();
    rmSync(data, { recursive: true, force: true });
  };
  service.connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  await service.waitUntil('table endpoint', async () => (await httpStatus(`http://127.0.0.1:${port}/devstoreaccount1/Tables`)) > 0, 30000);
  return service;
}

/** The built bot (Release first, as ./aims test builds it), or an error saying how to build it. */
export function findBotAssembly() {
  if (process.env.AIMSBOT_BOT_DLL) return process.env.AIMSBOT_BOT_DLL;
  for (const configuration of ['Release', 'Debug']) {
    const dll = path.join(repoRoot, 'src', 'AimsBot', 'bin', configuration, 'net10.0', 'AimsBot.dll');
    if (existsSync(dll)) return dll;
  }
  throw new Error('the bot is not built: run `dotnet build AimsBot.sln -c Release` (./aims test does)');
}

/** The Playground's default user, qualified with the Playground's tenant: roles hold in their own tenant. */
export const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000001/00000000-0000-0000-0000-0000000000020';

/**
 * The bot in local anonymous mode (Development, no Bot:AppId) on its own free port, with a fresh table prefix
 * so that it has never seen the Playground's users. `roles` are the Roles__* settings that name the Playground's
 * user (default: a compliance lead, so forms can be filled end to end); `port` restarts a bot where the
 * Playground already points; `logName` keeps each start's log.
 */
export async function startBot({ tables, logDir, tablePrefix, roles = { ComplianceLeads: PLAYGROUND_USER }, port: fixedPort, logName = 'e2e-bot.log' }) {
  const dll = findBotAssembly();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(Bot__|Storage__|Hangfire__|ConnectionStrings__|Roles__|ASPNETCORE_|DOTNET_URLS)/i.test(k)));
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? await freePort();
    const service = new Service('the bot', 'dotnet', [dll], {
      cwd: path.dirname(dll),
      env: {
        ...env,
        ASPNETCORE_ENVIRONMENT: 'Development',
        ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
        Storage__ConnectionString: tables,
        Storage__TablePrefix: tablePrefix,
        Hangfire__Storage: 'InMemory',
        // Proactive cards wait for the recipient's working hours; the suite runs at any hour of any day, so the
        // Playground's working day is the whole week, around the clock (a card would otherwise wait for Monday 09:00).
        Nudges__WorkdayStart: '00:00',
        Nudges__WorkdayEnd: '23:59',
        ...Object.fromEntries(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day, i) => [`Nudges__WorkingDays__${i}`, day])),
        ...Object.fromEntries(Object.entries(roles).map(([role, who]) => [`Roles__${role}`, who])),
      },
    }, path.join(logDir, logName));
    service.url = `http://127.0.0.1:${port}`;
    try {
      await service.waitUntil('answer on /healthz', async () => [200, 503].includes(await httpStatus(`${service.url}/healthz`)), 120000);
      if ((await httpStatus(`${service.url}/healthz`)) !== 200) throw new Error(`the bot is unhealthy:\n${service.tail()}`);
      return service;
    } catch (error) {
      await service.stop();
      // Someone else took the port between our check and the bot's bind: try another one (or the same one again,
      // when the Playground points at it and the previous bot is still letting it go).
      if (attempt < 3 && /address already in use/i.test(service.output())) {
        if (fixedPort) await sleep(2000);
        continue;
      }
      throw error;
    }
  }
}

/**
 * The Microsoft 365 Agents Playground (Teams client) pointed at the bot, offline (--dt and the two variables).
 * It silently picks another port when its own is taken: its log must say it listens on ours.
 */
export async function startPlayground({ botUrl, logDir, workDir }) {
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'agentsplayground');
  if (!existsSync(bin)) throw new Error('the Agents Playground is not installed: run `npm ci` (or ./aims test, which does)');
  mkdirSync(workDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const service = new Service('the Agents Playground', bin, ['--dt', '-p', String(port), '-e', `${botUrl}/api/messages`, '-c', 'msteams'], {
      cwd: workDir,
      env: { ...process.env, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none' },
    }, path.join(logDir, 'e2e-playground.log'));
    service.url = `http://127.0.0.1:${port}`;
    try {
      await service.waitUntil(`"Listening on ${port}"`, async () => /Listening on (\d+)/.test(service.output()), 60000);
      const listening = Number(/Listening on (\d+)/.exec(service.output())[1]);
      if (listening !== port) {
        throw Object.assign(new Error(`the Playground listens on ${listening}, not on ${port} (port taken)`), { retry: true });
      }
      await service.waitUntil('answer on /_debug/ping', async () => (await httpStatus(`${service.url}/_debug/ping`)) === 200, 30000);
      return service;
    } catch (error) {
      await service.stop();
      if (attempt < 3 && error.retry) continue;
      throw error;
    }
  }
}
