// Runs the real client matcher (assets/js/lib/search) in Node for the Go
// tests. Usage: node run.mjs INDEX_DIR MODE < input
//   MODE corpus: input is JSON [paste, ...]; prints JSON [{codes, confidence, causes, notice, ms, cpu}, ...]
//     (ms: wall time of the search, cpu: Node's CPU time in it, both in milliseconds)
//   MODE tokens: input is JSON [text, ...]; prints JSON [[token, ...], ...]
//   MODE hash:   input is JSON [text, ...]; prints JSON [hash, ...]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const here = new URL(".", import.meta.url).pathname;
const lib = join(here, "../../../assets/js/lib/search/");
const { prepare, search, fnv1a } = await import(join(lib, "matcher.js"));
const { tokens } = await import(join(lib, "normalize.js"));

const [dir, mode] = process.argv.slice(2);
const input = JSON.parse(readFileSync(0, "utf8"));

function load(name) {
  const file = join(dir, (name === "core" ? "index" : name) + ".js");
  let data;
  vm.runInNewContext(readFileSync(file, "utf8"), { HC_SEARCH_LOAD: (_n, d) => { data = d; } });
  return Promise.resolve(data);
}

let out;
if (mode === "tokens") out = input.map((t) => tokens(t));
else if (mode === "hash") out = input.map((t) => fnv1a(t));
else {
  const idx = prepare(await load("core"));
  const cache = new Map();
  const cached = (n) => { if (!cache.has(n)) cache.set(n, load(n)); return cache.get(n); };
  out = [];
  for (const paste of input) {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await search(paste, idx, cached);
    const cpu = process.cpuUsage(cpu0);
    out.push({
      codes: r.results.map((x) => x.code),
      confidence: r.results.map((x) => x.confidence),
      causes: r.results.map((x) => x.cause),
      notice: r.notice,
      ms: performance.now() - start,
      cpu: (cpu.user + cpu.system) / 1000,
    });
  }
}
process.stdout.write(JSON.stringify(out));
