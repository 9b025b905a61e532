// Every string of the console lives in two catalogues; a key present in one and not the other would show an
// English text in the Chinese console (or the reverse). Needs no platform.
import {it} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

const CONSOLE = new URL('../../src/main/resources/console/', import.meta.url);

// The console's files are browser ES modules outside any package.json that would tell Node so: load them
// as module source rather than by path.
async function catalogue(name) {
  const source = readFileSync(new URL(`js/messages/${name}.js`, CONSOLE), 'utf8');
  return (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)).default;
}

it('has the same keys in the zh-CN and English catalogues, none empty', async () => {
  const zh = await catalogue('zh-CN');
  const en = await catalogue('en');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) assert.ok(v.trim(), `${k} is empty`);
});

it('uses only message keys that exist', async () => {
  const zh = await catalogue('zh-CN');
  const dir = new URL('js/', CONSOLE).pathname;
  const files = readdirSync(dir, {recursive: true}).filter(f => f.endsWith('.js') && !f.startsWith('messages'));
  const missing = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/\bt\('([a-zA-Z.]+)'/g)) if (!(m[1] in zh)) missing.push(`${f}: ${m[1]}`);
  }
  assert.deepEqual(missing, []);
});
