// The text normalisation shared with the Go index builder
// (internal/search/normalize.go); a Go test runs both over the same inputs.

const MAX_TOKEN = 24;

const STOPWORDS = new Set([
  "a", "an", "the", "of", "to", "is", "in", "on", "for", "this", "or", "and", "be", "was", "are",
  "with", "at", "by", "it", "from", "that", "as", "your", "you", "we", "please", "its", "has", "have",
  "been", "can", "null", "true", "false",
]);

// tokens splits text into normalised words: lower-case ASCII letters and
// digits, without varying parts (numbers, record ids) or filler words, and
// lightly stemmed. One global match, not a loop over characters: in goja
// (`helpcenter find`) every string method call costs an object.
export function tokens(text) {
  const out = [];
  for (const w of text.match(/[A-Za-z0-9]+/g) || []) {
    const t = keep(w.toLowerCase());
    if (t !== null) out.push(t);
  }
  return out;
}

function keep(t) {
  if (t.length < 2 || t.length > MAX_TOKEN || STOPWORDS.has(t) || isVarying(t)) return null;
  return stem(t);
}

function isVarying(t) {
  let digits = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits === t.length) return true;
  if (digits >= 2 && t.length >= 8) return true;
  if (digits >= 1 && (t.length === 15 || t.length === 18)) return true;
  return false;
}

export function stem(t) {
  const n = t.length;
  if (n > 5 && t.endsWith("ing")) return t.slice(0, n - 3);
  if (n > 4 && t.endsWith("ed")) return t.slice(0, n - 2);
  if (n > 4 && t.endsWith("es")) return t.slice(0, n - 2);
  if (n > 3 && t.endsWith("s") && !t.endsWith("ss")) return t.slice(0, n - 1);
  return t;
}
