// What the browser tests need from the running platform: its address, REST calls as a given user, the
// Kafka event stream, a browser, and a place for screenshots. The launcher (./citywatch console-test) starts
// the platform on free ports and passes them in the environment.
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {chromium} from 'playwright-core';
import {Kafka, logLevel} from 'kafkajs';

export const BASE_URL = required('CITYWATCH_URL');
export const SCREENSHOTS = process.env.CITYWATCH_SCREENSHOTS || join(process.cwd(), '..', 'target', 'console-screenshots');
mkdirSync(SCREENSHOTS, {recursive: true});

// Demo accounts of the embedded platform (printed in the README).
export const USERS = {
  officer: {username: 'officer', password: 'officer-demo'},
  police: {username: 'police', password: 'police-demo'},
  admin: {username: 'admin', password: 'admin-demo'},
};

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the console tests through ./citywatch console-test`);
  return value;
}

/** Polls until fn() returns a truthy value; the message says what was awaited when it times out. */
export async function waitFor(what, fn, timeoutMs, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

export async function waitForHealth(timeoutMs = 240000) {
  const pid = Number(process.env.CITYWATCH_PLATFORM_PID);
  return waitFor(`${BASE_URL}/health to answer UP`, async () => {
    if (pid) process.kill(pid, 0); // throws once the platform has died: no point waiting on
    const r = await fetch(`${BASE_URL}/health`);
    return r.status === 200;
  }, timeoutMs, 1000).catch(e => {
    if (pid) {
      try { process.kill(pid, 0); } catch { throw new Error('the platform process exited before /health answered UP (see its log)'); }
    }
    throw e;
  });
}

export async function signIn(user) {
  const r = await fetch(`${BASE_URL}/api/v1/auth/token`, {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(user),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${user.username} answered ${r.status}: ${await r.text()}`);
  return (await r.json()).token;
}

export async function api(token, method, path, body) {
  const r = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: {Authorization: `Bearer ${token}`, ...(body ? {'Content-Type': 'application/json'} : {})},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return {status: r.status, body: json, text};
}

/** Debian's chromium with the flags that work in a container without a display (see STACK.md). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CITYWATCH_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
}

/**
 * Everything published on citywatch.events from the beginning, as parsed structured-mode CloudEvents. The
 * consumer starts before the browser acts so no transition can slip past it.
 */
export async function eventStream() {
  const kafka = new Kafka({clientId: 'console-tests', brokers: [required('CITYWATCH_KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING});
  const consumer = kafka.consumer({groupId: `console-tests-${process.pid}-${Date.now()}`});
  const received = [];
  await consumer.connect();
  await consumer.subscribe({topic: 'citywatch.events', fromBeginning: true});
  await consumer.run({eachMessage: async ({message}) => {
    try { received.push(JSON.parse(message.value.toString('utf8'))); } catch { /* not a structured CloudEvent */ }
  }});
  return {received, close: () => consumer.disconnect()};
}

export async function screenshot(page, name) {
  await page.screenshot({path: join(SCREENSHOTS, `${name}.png`), fullPage: true});
}
