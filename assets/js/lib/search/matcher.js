// The paste matcher: from whatever a customer pastes (a SOAP fault, a REST
// error array, an Apex exception, an OAuth response, a log line, a few
// words) it ranks the catalog's errors. It is pure: the index parts come
// from a loader, so the same code runs in the browser and in the Go test
// that measures accuracy over testdata/pastes.txt (through Node).

import { tokens, stem } from "./normalize.js";

// Score bands: a code or alias found in the paste outranks any amount of
// word overlap, and the first code in the paste (the outer error) wins.
const SCORE = {
  codeUpper: 1000,
  camel: 950,
  former: 900,
  alias: 800,
  codeLower: 700,
  fuzzy: 600,
  template: 500,
  terms: 120,
};

const MAX_INPUT = 1 << 20; // analyse at most 1 MB of a paste
const MAX_CODE_CANDIDATES = 64;

// Words are scanned with a single-class regex, which runs in linear time
// on any input; the patterns below are then tried on each (short) word
// only, so no paste can make them backtrack.
const WORD_RE = /[A-Za-z0-9_]+/g;
const MAX_WORD = 120;
const CODE_WORD = /^_*([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)_*$/;
const CAMEL_WORD = /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}$/;
const OAUTH_DESC_RE = /error_description\\?["']?\s*[:=]\s*\\?["']([^"'\\\n]{1,200})/g;

// fnv1a is the term hash the index shards by (search.Hash in Go).
export function fnv1a(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

// prepare turns the raw core into lookup tables, once per page.
export function prepare(core) {
  const byCode = new Map();
  core.codes.forEach((c, i) => byCode.set(c, i));
  const former = new Map(core.former.map(([c, id]) => [c, id]));
  const known = new Set(core.known);
  const aliases = core.aliases.map(([phrase, id]) => ({ toks: phrase.split(" "), id }));
  return { core, byCode, former, known, aliases, n: core.codes.length };
}

function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = new Array(b.length + 1);
  let cur = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin >= limit) return limit;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length], limit);
}

function camelToCode(s) {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

// analyse finds the codes, aliases and words in a paste.
export function analyse(text, idx) {
  if (text.length > MAX_INPUT) text = text.slice(0, MAX_INPUT);
  const hits = new Map(); // doc id → {score, why}
  const hit = (id, score, why) => {
    const h = hits.get(id);
    if (!h || h.score < score) hits.set(id, { score, why });
  };
  let notice = null;
  let firstCatalogPos = Infinity;

  // 1. Codes: UNABLE_TO_LOCK_ROW, sf:UNABLE_TO_LOCK_ROW, "errorCode":"…",
  // unable_to_lock_row, and library class names such as
  // Restforce::ErrorCode::UnableToLockRow. A code where the API puts its
  // code (an errorCode field, a SOAP faultcode) outranks one quoted inside
  // a message, and otherwise the first code in the paste (the outer error)
  // ranks first.
  let rank = 0;
  let count = 0;
  const fuzzyCandidates = [];
  for (const w of text.matchAll(WORD_RE)) {
    const word = w[0];
    if (word.length > MAX_WORD) continue;
    const cm = CODE_WORD.exec(word);
    if (!cm) {
      if (CAMEL_WORD.test(word)) {
        const id = idx.byCode.get(camelToCode(word));
        if (id !== undefined) hit(id, SCORE.camel, "code");
      }
      continue;
    }
    if (++count > MAX_CODE_CANDIDATES) break;
    const raw = cm[1];
    const at = w.index + word.indexOf(raw);
    const up = raw.toUpperCase();
    const upperForm = raw === up;
    const inPlace = codePlace(text, at, raw.length);
    const id = idx.byCode.has(up) ? idx.byCode.get(up) : idx.former.get(up);
    if (id !== undefined) {
      const base = idx.byCode.has(up) ? (upperForm ? SCORE.codeUpper : SCORE.codeLower) : SCORE.former;
      hit(id, base + (upperForm ? [0, 60, 120][inPlace] : 0) - 10 * Math.min(rank, 5), "code");
      rank++;
      if (at < firstCatalogPos) firstCatalogPos = at;
      continue;
    }
    if (!upperForm || up.length < 6) continue;
    if (idx.known.has(up)) {
      if (notice === null) notice = { code: up, pos: at };
      continue;
    }
    // An upper-case word that stands where codes stand (sf:X, "errorCode":
    // "X", "first error: X,", "X: message") is a code we may not know; it
    // may also be a typo of one we do.
    fuzzyCandidates.push({ code: up, pos: at, inPlace: inPlace > 0 });
  }

  // 3. Typos in a code-like word (REQEST_LIMIT_EXCEEDED), or a code the
  // catalog does not document, which gets a notice.
  for (const cand of fuzzyCandidates.slice(0, 8)) {
    if (hits.size > 0 && !cand.inPlace) break;
    const limit = Math.max(2, Math.floor(cand.code.length / 7)) + 1;
    let best = -1;
    let bestD = limit;
    idx.core.codes.forEach((code, id) => {
      const d = editDistance(cand.code, code, bestD);
      if (d < bestD) { bestD = d; best = id; }
    });
    if (best >= 0) hit(best, SCORE.fuzzy - 40 * bestD, "typo");
    else if (cand.inPlace && notice === null) notice = cand;
  }
  // A notice is for the paste's own error: not when a documented code
  // comes first.
  if (notice && notice.pos > firstCatalogPos) notice = null;

  // 4. Aliases as phrases anywhere in the words, e.g. an OAuth
  // error_description ("expired access/refresh token").
  const toks = tokens(text);
  const oauth = [];
  for (const m of text.matchAll(OAUTH_DESC_RE)) oauth.push(tokens(m[1]));
  for (const a of idx.aliases) {
    if (oauth.some((d) => sameOrTruncated(d, a.toks))) hit(a.id, SCORE.alias + 50, "alias");
    else if (containsRun(toks, a.toks)) hit(a.id, SCORE.alias + 5 * a.toks.length, "alias");
  }
  return { hits, notice: notice && notice.code, toks };
}

// Where APIs put their code: a field or fault element of its own (strong),
// or the head of a message line, "first error: X," (weak).
const STRONG_BEFORE = /(?:sf:|errorCode\\?["']?\s*[:=]\s*\\?["']?|exceptionCode\s*[:=]\s*["']?|statusCode\\?["']?\s*[:=]\s*\\?["']?|faultcode>)$/;
const WEAK_BEFORE = /(?:error:\s*|^\s*["']?|\n\s*["']?|["'],["'])$/;

// codePlace says whether the word at [at, at+len) stands where an API puts
// its error code: 2 in a field of its own, 1 at the head of a message, 0
// elsewhere (quoted inside another error's message).
function codePlace(text, at, len) {
  const before = text.slice(Math.max(0, at - 24), at);
  if (STRONG_BEFORE.test(before)) return 2;
  if (WEAK_BEFORE.test(before)) return 1;
  const next = text.charAt(at + len);
  return next === ":" || next === "," ? 1 : 0;
}

// sameOrTruncated reports whether desc is alias, or alias cut short (a
// truncated log line): all but its last word equal, the last a prefix.
function sameOrTruncated(desc, alias) {
  if (desc.length === 0 || desc.length > alias.length) return false;
  const last = desc.length - 1;
  for (let i = 0; i < last; i++) if (desc[i] !== alias[i]) return false;
  if (desc.length === alias.length) return alias[last].startsWith(desc[last]);
  return desc.length * 2 >= alias.length && alias[last].startsWith(desc[last]);
}

function containsRun(hay, needle) {
  if (needle.length === 0 || needle.length > hay.length) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

// inOrder counts how many of want's tokens appear in have in order
// (greedy), the measure of how well a paste matches a message template.
function inOrder(want, have) {
  let j = 0;
  for (let i = 0; i < have.length && j < want.length; i++) if (have[i] === want[j]) j++;
  return j;
}

// search ranks errors for a paste. load(name) returns a promise of an index
// part ("t3", "d0"). It resolves to {results: [{id, code, title, cat,
// summary, score, terms}], notice}.
export async function search(text, idx, load, limit = 10) {
  const { hits, notice, toks } = analyse(text, idx);
  // With a code in the paste, message templates only break ties: the
  // message of an inner error quoted in the outer one must not win.
  const hasCode = [...hits.values()].some((h) => h.why === "code");
  const templateWeight = hasCode ? 0.1 : 1;
  const uniq = [...new Set(toks)].slice(0, 64);
  const n = idx.n;

  // Word scores: BM25-like over the postings of the paste's words.
  const shardNames = [...new Set(uniq.map((t) => "t" + (fnv1a(t) % idx.core.termShards)))];
  const shards = await Promise.all(shardNames.map(load));
  const byName = new Map(shardNames.map((s, i) => [s, shards[i]]));
  const wordScore = new Map();
  const matched = new Map(); // doc → Set of terms
  for (const t of uniq) {
    // Own properties only: a word such as "constructor" must not find
    // Object.prototype's.
    const shard = byName.get("t" + (fnv1a(t) % idx.core.termShards));
    const list = Object.prototype.hasOwnProperty.call(shard, t) ? shard[t] : undefined;
    if (!list) continue;
    const df = list.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = 0; i < list.length; i += 2) {
      const id = list[i];
      const w = list[i + 1];
      wordScore.set(id, (wordScore.get(id) || 0) + idf * (w / (w + 4)));
      if (!matched.has(id)) matched.set(id, new Set());
      matched.get(id).add(t);
    }
  }
  const maxWord = Math.max(1e-9, ...wordScore.values());

  // Candidates: every code or alias hit, and the best word matches.
  const byWords = [...wordScore.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 40).map(([id]) => id);
  const cand = [...new Set([...hits.keys(), ...byWords])];

  // Message templates of the candidates, from their doc shards.
  const per = idx.core.docsPerShard;
  const docNames = [...new Set(cand.map((id) => "d" + Math.floor(id / per)))];
  const docShards = new Map(await Promise.all(docNames.map(async (d) => [d, await load(d)])));
  const doc = (id) => docShards.get("d" + Math.floor(id / per))[id % per];

  const results = cand.map((id) => {
    const [title, cat, summary, templates] = doc(id);
    let tmpl = 0;
    for (const t of templates) {
      if (t.length === 0) continue;
      const m = inOrder(t, toks);
      if (m < Math.min(2, t.length)) continue;
      const ratio = m / t.length;
      if (ratio >= 0.5) tmpl = Math.max(tmpl, templateWeight * SCORE.template * ratio * Math.min(1, t.length / 4));
    }
    const h = hits.get(id);
    const score = (h ? h.score : 0) + tmpl + SCORE.terms * ((wordScore.get(id) || 0) / maxWord);
    return { id, code: idx.core.codes[id], title, cat: idx.core.cats[cat], summary, score, terms: [...(matched.get(id) || [])] };
  });
  results.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  const top = results[0] ? results[0].score : 0;
  return { results: results.filter((r) => r.score >= Math.max(8, top * 0.08)).slice(0, limit), notice };
}

export { stem };
