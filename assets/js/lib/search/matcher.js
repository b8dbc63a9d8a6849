// The paste matcher: from whatever a customer pastes (a SOAP fault, a REST
// error array, an Apex exception, an OAuth response, a log line, a few
// words) it finds the catalog's errors the paste really is, says how sure
// it is, and says so when it does not know. It is pure: the index parts
// come from a loader, so the same code runs on the search page, in the
// published diagnose script, in `helpcenter find` (through goja) and in the
// Go tests (through Node).
//
// Confidence, for each result:
//   - "exact": the entry's code (upper or lower case, hyphenated, as a
//     library class name such as Restforce::ErrorCode::UnableToLockRow), a
//     former or retired code, or an OAuth error_description equal to an
//     alias, was found in the paste. Score 0.85 to 1: highest where APIs put
//     their code (sf:CODE, "errorCode", <statusCode>), then by position.
//   - "strong": one of the entry's message templates matched most of its
//     words in a short stretch of the paste, an alias or the code's own
//     words stood in it as a phrase, or a code-like word is a typo of the
//     code. Score 0.6 to 0.85.
//   - "weak": the paste shares words with the entry, nothing more. Score up
//     to 0.5: the share of the paste's informative words the entry holds.
// Only exact and strong results are shown, and weak ones only when the
// paste is a few words that the entry covers well; otherwise the answer is
// "nothing matches", which is better than ranking unrelated errors.

import { tokens, stem } from "./normalize.js";

// Score bands: a code or alias found in the paste outranks any amount of
// word overlap; among codes, one where the API puts its code outranks one
// quoted in a message, then the first in the paste (the outer error) wins.
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
const PLACE_BONUS = [0, 60, 120];
const RANK_STEP = 10;
// With a code in the paste, templates and words only break ties between
// codes of the same rank: never more than a rank step.
const TIEBREAK = 8;

const MAX_INPUT = 1 << 20; // analyse at most 1 MB of a paste
const MAX_CODE_CANDIDATES = 64;
const MAX_TEMPLATE_TOKENS = 4000;

// A template matched "most of its words": this share of them, in order, in
// a stretch of the paste not much longer than the template.
const STRONG_RATIO = 0.75;
// A words-only result is shown when it holds this share of the paste's
// informative words.
const WEAK_COVERAGE = 0.5;

// Words are scanned by hand (wordsIn), in linear time on any input and in
// any engine; the patterns below are then tried on each (short) word
// only, so no paste can make them backtrack.
const MAX_WORD = 120;
const CODE_WORD = /^_*([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)_*$/;
const CAMEL_WORD = /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}$/;
const OAUTH_DESC = /error_description["']?\s*[:=]\s*["']([^"'\n]{1,200})/;
const OAUTH_DESC_ALL = new RegExp(OAUTH_DESC.source, "g");

// fnv1a is the term hash the index shards by (search.Hash in Go).
export function fnv1a(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

// prepare turns the raw core into lookup tables, once per page. The core
// is small whatever the catalog's size: codes, former codes and the
// Salesforce codes the catalog lacks are in the term shards, under the
// shard of the code itself, and aliases are in the doc shards, checked for
// the docs a paste's words point to (see internal/search).
export function prepare(core) {
  return { core, common: new Set(core.common || []), n: core.n };
}

// shardOf names the term shard that holds a term, or a code's entry.
function shardOf(idx, key) {
  return "t" + (fnv1a(key) % idx.core.termShards);
}

function own(obj, key) {
  return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

// names answers for codes from the loaded term shards: the doc id of a
// catalog code ("c") or of the entry that replaced a former or retired
// code ("f"), and whether it is a real Salesforce code the catalog lacks
// ("k"). A shard's "w" lists, for a word of codes, the docs whose code
// holds it (search, for typos).
function names(idx, shards) {
  const get = (up) => shards.get(shardOf(idx, up)) || {};
  return {
    code: (up) => own(get(up).c, up),
    former: (up) => own(get(up).f, up),
    known: (up) => { const k = get(up).k; return Array.isArray(k) && k.includes(up); },
  };
}

// loadShards loads the named parts at once, as a map.
async function loadShards(load, shardNames) {
  const parts = await Promise.all(shardNames.map(load));
  return new Map(shardNames.map((s, i) => [s, parts[i]]));
}

const ENTITIES = { quot: '"', apos: "'", amp: "&", lt: "<", gt: ">", nbsp: " " };
const ENTITY_RE = /&(?:#(\d{1,6})|#[xX]([0-9a-fA-F]{1,6})|([a-z]{2,4}));/g;
const ESCAPE_RE = /\\(?:u([0-9a-fA-F]{4})|(["'\\/])|([nrt]))/g;

// clean undoes what carried the paste here: HTML entities (&quot;) from a
// web page or an email, and JSON string escapes (\" \n \u0027) from an
// error embedded in a JSON string, itself perhaps inside another. Three
// rounds undo three layers; each round is one linear regex pass.
export function clean(text) {
  for (let round = 0; round < 3; round++) {
    const next = text
      .replace(ENTITY_RE, (m, dec, hex, name) => {
        if (dec || hex) {
          const c = parseInt(dec || hex, dec ? 10 : 16);
          return c > 0 && c < 0x110000 ? String.fromCodePoint(c) : m;
        }
        return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : m;
      })
      .replace(ESCAPE_RE, (m, u, ch, ctl) => {
        if (u) return String.fromCharCode(parseInt(u, 16));
        if (ch) return ch;
        return ctl === "t" ? "\t" : "\n";
      });
    if (next === text) break;
    text = next;
  }
  return text;
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

const WORDS_RE = /[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*/g;

// wordsIn yields what WORDS_RE matches in text, with positions. Not the
// regex's matchAll: goja (which runs this file for `helpcenter find`)
// compares the whole text again at each step of a global regex's iterator
// on non-ASCII text, which made a 1 MB paste of binary bytes take a
// minute. One global match is one pass in every engine; each word's
// position is then found from the end of the one before (only characters
// that are not words lie between them, so the first occurrence is it).
function* wordsIn(text) {
  let from = 0;
  for (const word of text.match(WORDS_RE) || []) {
    const at = text.indexOf(word, from);
    yield { word, at };
    from = at + word.length;
  }
}

// codeWordsIn yields the words of text that may be codes, with their
// positions. A hyphenated word is one code when it spells one
// (unable-to-lock-row), and its parts otherwise. With no names (the first
// pass, which only collects what to look up) it yields both.
function* codeWordsIn(text, nm) {
  for (const { word, at } of wordsIn(text)) {
    if (word.indexOf("-") < 0) {
      yield { word, at };
      continue;
    }
    const joined = word.replace(/-/g, "_");
    const up = joined.toUpperCase();
    if (joined.length <= MAX_WORD && CODE_WORD.test(joined) &&
      (!nm || nm.code(up) !== undefined || nm.former(up) !== undefined || nm.known(up))) {
      yield { word: joined, at };
      if (nm) continue;
    }
    let off = 0;
    for (const part of word.split("-")) {
      if (part) yield { word: part, at: at + off };
      off += part.length + 1;
    }
  }
}

// spelledCode is the code a short paste spells as words ("string too
// long", "Unable to lock row"): its words joined by underscores, in upper
// case; "" for a longer paste. A paste longer than MAX_SPELLED characters
// is not split into words for it: eight words of a code are far shorter.
const MAX_SPELLED = 1024;
function spelledCode(text) {
  if (text.length > MAX_SPELLED) return "";
  const words = text.match(/[A-Za-z0-9]+/g) || [];
  return words.length >= 2 && words.length <= 8 ? words.join("_").toUpperCase() : "";
}

// codeKeys lists what a paste may name as a code, upper case: every
// code-like word and hyphenated word, the code of a camel-case class name,
// and the code a short paste spells. Their term shards are loaded with
// the paste's words.
function codeKeys(text) {
  const keys = new Set();
  let count = 0;
  for (const { word } of codeWordsIn(text, null)) {
    if (word.length > MAX_WORD) continue;
    const cm = CODE_WORD.exec(word);
    if (cm) {
      keys.add(cm[1].toUpperCase());
      if (++count > 2 * MAX_CODE_CANDIDATES) break;
    } else if (CAMEL_WORD.test(word)) {
      keys.add(camelToCode(word));
    }
  }
  const spelled = spelledCode(text);
  if (spelled) keys.add(spelled);
  return keys;
}

// analyse finds the codes in a paste (text, already cleaned), using the
// names of the loaded shards (nm). It returns the doc hits, the notice of
// an unknown real code, the code-like words the catalog lacks (fuzzy
// candidates, for typos) and the paste's last word when it may be a code
// cut short.
export function analyse(text, nm) {
  const hits = new Map(); // doc id → {score, conf, value}
  const hit = (id, score, conf, value) => {
    const h = hits.get(id);
    if (!h || h.score < score) hits.set(id, { score, conf, value });
  };
  let notice = null;
  let firstCatalogPos = Infinity;

  // 1. Codes: UNABLE_TO_LOCK_ROW, sf:UNABLE_TO_LOCK_ROW, "errorCode":"…",
  // unable_to_lock_row, unable-to-lock-row, and library class names such as
  // Restforce::ErrorCode::UnableToLockRow. A code where the API puts its
  // code (an errorCode field, a SOAP faultcode) outranks one quoted inside
  // a message, and otherwise the first code in the paste (the outer error)
  // ranks first.
  let rank = 0;
  let count = 0;
  const fuzzy = [];
  let lastWord = null;
  for (const { word, at: wordAt } of codeWordsIn(text, nm)) {
    if (word.length > MAX_WORD) continue;
    lastWord = { word, at: wordAt };
    const cm = CODE_WORD.exec(word);
    if (!cm) {
      if (CAMEL_WORD.test(word)) {
        const id = nm.code(camelToCode(word));
        if (id !== undefined) {
          hit(id, SCORE.camel, "exact", 0.95);
          if (wordAt < firstCatalogPos) firstCatalogPos = wordAt;
        }
      }
      continue;
    }
    if (++count > MAX_CODE_CANDIDATES) break;
    const rawCode = cm[1];
    const at = wordAt + word.indexOf(rawCode);
    const up = rawCode.toUpperCase();
    const upperForm = rawCode === up;
    const place = codePlace(text, at, rawCode.length);
    const codeID = nm.code(up);
    const id = codeID !== undefined ? codeID : nm.former(up);
    if (id !== undefined) {
      const base = codeID !== undefined ? (upperForm ? SCORE.codeUpper : SCORE.codeLower) : SCORE.former;
      const r = Math.min(rank, 5);
      hit(id, base + (upperForm ? PLACE_BONUS[place] : 0) - RANK_STEP * r, "exact", 0.9 + 0.05 * (upperForm ? place : 0) - 0.01 * r);
      rank++;
      if (at < firstCatalogPos) firstCatalogPos = at;
      continue;
    }
    if (!upperForm || up.length < 6) continue;
    if (nm.known(up)) {
      if (notice === null) notice = { code: up, pos: at };
      continue;
    }
    // An upper-case word that stands where codes stand (sf:X, "errorCode":
    // "X", "first error: X,", "X: message") may be a typo of a code: the
    // docs the paste's words point to are checked for it (search).
    fuzzy.push({ code: up, pos: at, inPlace: place > 0 });
  }
  // 2. A short paste that spells a code as words: "string too long".
  const spelled = spelledCode(text);
  if (spelled) {
    const id = nm.code(spelled);
    if (id !== undefined) hit(id, SCORE.alias + 5 * spelled.split("_").length, "strong", 0.85);
  }
  // 3. A code cut short at the end of a truncated paste (UNABLE_TO_LOCK_R).
  let tail = null;
  if (lastWord && lastWord.at + lastWord.word.length === text.trimEnd().length) {
    const t = lastWord.word.toUpperCase();
    if (t.length >= 8 && t.indexOf("_") > 0 && nm.code(t) === undefined) tail = { code: t, pos: lastWord.at };
  }
  return { hits, notice, fuzzy: fuzzy.slice(0, 8), tail, firstCatalogPos };
}

// aliasHits finds the aliases of the candidate docs in a paste: an OAuth
// error_description equal to one (exact), or one standing in the paste's
// words as a phrase (strong); and a paste of nothing but a code's own
// words ("unable to lock row"), which counts as one of its aliases.
function aliasHits(cands, doc, toks, oauth, hit) {
  for (const id of cands) {
    const d = doc(id);
    for (const phrase of d[6] || []) {
      const a = phrase.split(" ");
      if (oauth.some((o) => sameOrTruncated(o, a))) hit(id, SCORE.alias + 50, "exact", 0.95);
      else if (containsRun(toks, a)) hit(id, SCORE.alias + 5 * a.length, "strong", 0.85);
    }
    const words = tokens(d[0].replace(/_/g, " "));
    if (words.length >= 2 && sameTokens(toks, words)) hit(id, SCORE.alias + 5 * words.length, "strong", 0.85);
  }
}

// typoHits finds the codes the paste may hold mistyped or cut short among
// the candidate docs (those its words point to, and those whose codes
// share a word with it): a code-like word the catalog lacks within a few
// edits of a candidate's code, or the paste's last word the start of
// exactly one candidate's code.
function typoHits(a, cands, doc, hits, hit) {
  let first = a.firstCatalogPos;
  cands = [...cands].sort((x, y) => x - y); // on a tie, the first code, as A to Z
  for (const cand of a.fuzzy) {
    if (hits.size > 0 && !cand.inPlace) break;
    const limit = Math.max(2, Math.floor(cand.code.length / 7)) + 1;
    let best = -1;
    let bestD = limit;
    for (const id of cands) {
      const d = editDistance(cand.code, doc(id)[0], bestD);
      if (d < bestD) { bestD = d; best = id; }
    }
    if (best >= 0) {
      hit(best, SCORE.fuzzy - 40 * bestD, "strong", 0.8 - 0.05 * bestD);
      if (cand.pos < first) first = cand.pos;
    }
  }
  if (a.tail) {
    const ids = cands.filter((id) => doc(id)[0].startsWith(a.tail.code));
    if (ids.length === 1) {
      hit(ids[0], SCORE.fuzzy, "strong", 0.75);
      if (a.tail.pos < first) first = a.tail.pos;
    }
  }
  return first;
}

// Where APIs put their code: a field or fault element of its own (strong),
// or the head of a message line, "first error: X," (weak).
const STRONG_BEFORE = /(?:sf:|errorCode["']?\s*[:=]\s*["']?|exceptionCode\s*[:=]\s*["']?|statusCode["']?\s*[:=]\s*["']?|faultcode>|<statusCode>|<errorCode>)$/;
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

function sameTokens(a, b) {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

// templateMatch counts how many of want's tokens appear in have in order
// within one stretch of have at most about twice want's length, the
// measure of how well a paste matches a message template: its words
// scattered over a long paste do not count. Tries the stretches that start
// at an occurrence of one of want's first two words (a truncated paste may
// lack the first).
function templateMatch(want, have, starts) {
  const span = 2 * want.length + 4;
  let best = 0;
  const firsts = [];
  for (let k = 0; k < Math.min(2, want.length); k++) {
    const at = starts.get(want[k]);
    if (at) for (const i of at) firsts.push([i, k]);
  }
  for (const [s, k] of firsts.slice(0, 64)) {
    let j = k;
    const end = Math.min(have.length, s + span);
    for (let i = s; i < end && j < want.length; i++) if (have[i] === want[j]) j++;
    if (j - k > best) best = j - k;
    if (best === want.length) break;
  }
  return best;
}

// search ranks errors for a paste. load(name) returns a promise of an index
// part ("t3", "d0"). It resolves to {results, notice}: the results that
// really match, best first, each {id, code, title, cat, summary, cause,
// confidence, value, score, terms}; notice is a real Salesforce code the
// catalog lacks when the paste is about it, else null.
export async function search(text, idx, load, { limit = 10, all = false } = {}) {
  text = clean(text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text);
  const toks = tokens(text);
  const uniq = [...new Set(toks)].slice(0, 64);
  const n = idx.n;

  // One round of term shards: the paste's words and what it may name as
  // a code.
  const keys = [...uniq, ...codeKeys(text)];
  const byName = await loadShards(load, [...new Set(keys.map((k) => shardOf(idx, k)))]);
  const a = analyse(text, names(idx, byName));
  const { hits } = a;
  const hit = (id, score, conf, value) => {
    const h = hits.get(id);
    if (!h || h.score < score) hits.set(id, { score, conf, value });
  };

  // Word scores: BM25-like over the postings of the paste's words.
  const wordScore = new Map();
  const matchedIdf = new Map();
  const matched = new Map(); // doc → Set of terms
  const topWeight = new Map(); // doc → its highest term weight matched
  const maxIdf = Math.log(1 + (n + 0.5) / 0.5);
  let pasteIdf = 0;
  let informative = 0;
  for (const t of uniq) {
    if (idx.common.has(t)) continue;
    const list = own(byName.get(shardOf(idx, t)).t, t);
    informative++;
    if (!list) {
      pasteIdf += maxIdf; // a word the catalog never uses: telling, and unmatched
      continue;
    }
    const df = list.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    pasteIdf += idf;
    for (let i = 0; i < list.length; i += 2) {
      const id = list[i];
      const w = list[i + 1];
      wordScore.set(id, (wordScore.get(id) || 0) + idf * (w / (w + 4)));
      matchedIdf.set(id, (matchedIdf.get(id) || 0) + idf);
      topWeight.set(id, Math.max(topWeight.get(id) || 0, w));
      if (!matched.has(id)) matched.set(id, new Set());
      matched.get(id).add(t);
    }
  }
  const maxWord = Math.max(1e-9, ...wordScore.values());

  // Candidates: every code hit, and the best word matches; and for a
  // code-like word the catalog lacks, the codes that share one of its
  // words ("w" of the term shards), among which it may be a typo. Their
  // doc shards hold what the rest of the scoring reads.
  const byWords = [...wordScore.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 40).map(([id]) => id);
  let cand = [...new Set([...hits.keys(), ...byWords])];
  const typoCand = new Set(cand);
  for (const f of a.tail ? [...a.fuzzy, a.tail] : a.fuzzy) {
    for (const t of tokens(f.code.replace(/_/g, " "))) {
      const shard = byName.get(shardOf(idx, t));
      for (const id of (shard && own(shard.w, t)) || []) typoCand.add(id);
    }
  }
  const per = idx.core.docsPerShard;
  const docShards = await loadShards(load, [...new Set([...typoCand].map((id) => "d" + Math.floor(id / per)))]);
  const doc = (id) => docShards.get("d" + Math.floor(id / per))[id % per];

  // Aliases and typos of codes, among the candidates.
  const oauth = [];
  // One global match, then each (short) match alone: not matchAll, whose
  // steps cost the whole text each in goja (see wordsIn).
  for (const m of text.match(OAUTH_DESC_ALL) || []) oauth.push(tokens(OAUTH_DESC.exec(m)[1]));
  aliasHits(cand, doc, toks, oauth, hit);
  const firstCatalogPos = typoHits(a, typoCand, doc, hits, hit);
  cand = [...new Set([...cand, ...hits.keys()])];
  // A notice is for the paste's own error: not when a documented code
  // comes first.
  const notice = a.notice && a.notice.pos < firstCatalogPos ? a.notice.code : null;
  const hasCode = hits.size > 0;

  const have = toks.length > MAX_TEMPLATE_TOKENS ? toks.slice(0, MAX_TEMPLATE_TOKENS) : toks;
  const starts = new Map();
  have.forEach((t, i) => {
    const s = starts.get(t);
    if (s) s.push(i); else starts.set(t, [i]);
  });

  const results = cand.map((id) => {
    const [code, title, cat, summary, templates, causes] = doc(id);
    // The best template (the code's own words, three or more, count as
    // one): the highest share of its words matched, weighed by its length
    // and by how much of the paste it explains; a cause's own template
    // before the entry's on a tie (it says more).
    let ratio = 0;
    let strength = 0;
    let cause = "";
    const codeWords = tokens(code.replace(/_/g, " "));
    const words3 = codeWords.length >= 3 ? [codeWords] : [];
    [...templates, ...words3].forEach((t, i) => {
      if (t.length === 0) return;
      const m = templateMatch(t, have, starts);
      if (m < Math.min(2, t.length)) return;
      const r = m / t.length;
      const st = r * Math.min(1, t.length / 4) * (0.8 + 0.2 * Math.min(1, m / Math.max(1, have.length)));
      const c = causes && i < causes.length ? causes[i] : "";
      if (st > strength || (st === strength && c && !cause)) {
        ratio = r;
        strength = st;
        cause = r >= STRONG_RATIO ? c : "";
      }
    });
    const strongTemplate = ratio >= STRONG_RATIO && strength >= 0.4;
    const words = (wordScore.get(id) || 0) / maxWord;
    const coverage = pasteIdf > 0 ? (matchedIdf.get(id) || 0) / pasteIdf : 0;
    const h = hits.get(id);
    let score, confidence, value;
    if (h) {
      score = h.score + TIEBREAK * (0.6 * strength + 0.4 * words);
      confidence = h.conf;
      value = h.value;
    } else {
      score = (ratio >= 0.5 ? SCORE.template * strength : 0) + SCORE.terms * words;
      if (strongTemplate) {
        confidence = "strong";
        value = 0.6 + 0.25 * strength;
      } else {
        confidence = "weak";
        value = 0.5 * coverage;
      }
    }
    return {
      id, code, title, cat: idx.core.cats[cat], summary, cause,
      confidence, value: Math.round(Math.max(0, Math.min(1, value)) * 100) / 100, score,
      terms: [...(matched.get(id) || [])],
      // What a words-only result needs to be shown: most of the paste's
      // telling words, two of them at least, or a one-word paste that
      // names the entry's code, title or alias.
      coverage: Math.round(coverage * 100) / 100,
      wordsOK: coverage >= WEAK_COVERAGE && (matched.get(id) || new Set()).size >= Math.min(2, informative) &&
        (informative > 1 || (topWeight.get(id) || 0) >= 6),
    };
  });
  results.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // all: every candidate, for a reader who asks to see the guesses too.
  return { results: (all ? results : shown(results, notice, hasCode)).slice(0, limit).map(strip), notice };
}

// shown keeps the results that really match: exact and strong ones; and,
// for a few words that match no code, alias or template, the entries that
// hold most of them, close to the best. Never words-only results beside
// an unknown code's notice: they would be guesses about another error.
function shown(results, notice, hasCode) {
  const sure = results.filter((r) => r.confidence !== "weak");
  if (sure.length > 0 || notice || hasCode) return sure;
  const weak = results.filter((r) => r.wordsOK);
  if (weak.length === 0) return [];
  const best = weak[0].score;
  return weak.filter((r) => r.score >= best * 0.6).slice(0, 5);
}

function strip(r) {
  delete r.wordsOK;
  delete r.coverage;
  return r;
}

export { stem };

// resolveName returns the code an error's name spells, up to case,
// hyphens, spaces and underscores: a code, a former or retired code (the
// code of the entry that replaced it), or an alias; undefined for anything
// else (a guess is not a reason to redirect). The 404 page uses it.
export async function resolveName(name, idx, load) {
  const up = name.trim().replace(/[-\s]+/g, "_").toUpperCase();
  const words = tokens(name.replace(/[-_]+/g, " "));
  const shards = await loadShards(load, [...new Set([up, ...words].map((k) => shardOf(idx, k)))]);
  const nm = names(idx, shards);
  let id = nm.code(up);
  if (id === undefined) id = nm.former(up);
  const per = idx.core.docsPerShard;
  if (id === undefined && words.length > 0) {
    // An alias: among the docs that hold every one of its words.
    let docs = null;
    for (const t of new Set(words)) {
      if (idx.common.has(t)) continue;
      const list = own(shards.get(shardOf(idx, t)).t, t) || [];
      const ids = new Set(list.filter((_, i) => i % 2 === 0));
      docs = docs ? new Set([...docs].filter((d) => ids.has(d))) : ids;
    }
    const phrase = words.join(" ");
    for (const d of [...(docs || [])].sort((x, y) => x - y)) {
      const entry = (await load("d" + Math.floor(d / per)))[d % per];
      if ((entry[6] || []).includes(phrase)) {
        id = d;
        break;
      }
    }
  }
  if (id === undefined) return undefined;
  return (await load("d" + Math.floor(id / per)))[id % per][0];
}
