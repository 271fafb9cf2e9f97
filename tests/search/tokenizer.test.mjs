// Runs the page-side search tokenizer (templates/assets/search-tokenizer.js) on every
// case in tokenizer_cases.json — the same vectors tests/unit/search/tokenizer_test.cpp
// checks against the C++ tokenizer — and compares with `expected` exactly.
// Usage: node tests/search/tokenizer.test.mjs   (exit status 1 on any failure)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const scriptPath = here('../../templates/assets/search-tokenizer.js');
const tokenizer = createRequire(import.meta.url)(scriptPath);
const { cases } = JSON.parse(readFileSync(here('./tokenizer_cases.json'), 'utf8'));

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; return; }
  failed++;
  console.log(`FAIL ${name}${detail ? '\n' + detail : ''}`);
}

check('the engine supports the exact rule (property escapes, normalize)', tokenizer.exact === true);

// The same file works as a plain browser script: it attaches to window.StudywikiSearch.
{
  const sandbox = { window: { StudywikiSearch: { other: 1 } } };
  vm.runInNewContext(readFileSync(scriptPath, 'utf8'), sandbox);
  const ns = sandbox.window.StudywikiSearch;
  check('browser global', ns.other === 1 && typeof ns.tokenizer?.tokenize === 'function' &&
        ns.tokenizer.tokenize('ＩＤ')[0].term === 'id');
}

for (const c of cases) {
  if (c.only === 'cxx') continue;
  const input = c.input ?? String.fromCharCode(...c.input_utf16);
  const tokens = tokenizer.tokenize(input);
  const actual = tokens.map((t) => [t.term, t.position, tokenizer.KIND_NAMES[t.kind], t.byte_start, t.byte_end]);
  const a = JSON.stringify(actual), e = JSON.stringify(c.expected);
  check(c.name, a === e, `  input:    ${JSON.stringify(input)}\n  expected: ${e}\n  actual:   ${a}`);
  // start/end (UTF-16) are the same span as byte_start/byte_end (UTF-8).
  const bytes = (i) => Buffer.byteLength(input.slice(0, i), 'utf8');
  const bad = tokens.filter((t) => bytes(t.start) !== t.byte_start || bytes(t.end) !== t.byte_end);
  check(`${c.name}: UTF-16 offsets`, bad.length === 0, `  ${JSON.stringify(bad)}`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
