import { pageURL } from "./files.js";
import { pageLoader } from "./search/loader.js";
import { prepare, analyse } from "./search/matcher.js";

// On the 404 page, suggest the error page the reader probably meant: a
// lower-case, hyphenated or mistyped code in the path still finds its page
// (the search index knows every code and alias), and a search link covers
// the rest.
export async function initNotFound() {
  const box = document.querySelector("[data-notfound-suggest]");
  if (!box) return;
  const segs = decodeURIComponent(location.pathname).split("/").filter((s) => s && s !== "index.html");
  const guess = segs.length ? segs[segs.length - 1].replace(/\.html?$/, "") : "";
  if (!guess) return;
  const words = guess.replace(/[-\s]+/g, "_");
  const p = document.createElement("p");
  try {
    const idx = prepare(await pageLoader()("core"));
    const { hits } = analyse(words.toUpperCase() + " " + guess.replace(/[-_]+/g, " "), idx);
    const best = [...hits.entries()].sort((a, b) => b[1].score - a[1].score)[0];
    if (best) {
      const code = idx.core.codes[best[0]];
      const a = document.createElement("a");
      a.href = pageURL("errors/" + code + "/");
      a.textContent = code;
      p.append("Did you mean ", a, "?");
      box.append(p);
      return;
    }
  } catch (e) {
    // No index: fall through to the search link.
  }
  const a = document.createElement("a");
  a.href = pageURL("search/") + "?q=" + encodeURIComponent(guess.replace(/[-_]+/g, " "));
  a.textContent = "Search for “" + guess + "”";
  p.append(a);
  box.append(p);
}
