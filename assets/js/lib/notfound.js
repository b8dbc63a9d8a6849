import { pageURL } from "./files.js";
import { pageLoader } from "./search/loader.js";
import { prepare, analyse } from "./search/matcher.js";
import { tokens } from "./search/normalize.js";

// On the 404 page: a link to errors/<x>/ where x names an error in another
// case or spelling (errors/unable_to_lock_row/, errors/Unable-To-Lock-Row/,
// an alias, a former code) goes straight to its page, with location.replace
// so Back does not return to the 404. The redirect pages the build writes
// do the same where the host is case-sensitive; this covers hosts and
// machines where they could not be written, and every other spelling. A
// mistyped code gets a suggestion instead (it may be wrong), and anything
// else a search link.
export async function initNotFound() {
  const box = document.querySelector("[data-notfound-suggest]");
  if (!box) return;
  let path;
  try {
    path = decodeURIComponent(location.pathname);
  } catch (e) {
    path = location.pathname;
  }
  const segs = path.split("/").filter((s) => s && s !== "index.html");
  const guess = segs.length ? segs[segs.length - 1].replace(/\.html?$/, "") : "";
  if (!guess) return;
  const underErrors = segs.length >= 2 && segs[segs.length - 2].toLowerCase() === "errors";
  const p = document.createElement("p");
  try {
    const idx = prepare(await pageLoader()("core"));
    const id = sameError(guess, idx);
    if (underErrors && id !== undefined) {
      const target = new URL(pageURL("errors/" + idx.core.codes[id] + "/"), location.href);
      if (target.pathname !== location.pathname) {
        location.replace(target.href.split("#")[0] + location.hash);
        return;
      }
    }
    const { hits } = analyse(guess.replace(/[-\s]+/g, "_").toUpperCase() + " " + guess.replace(/[-_]+/g, " "), idx);
    const best = id !== undefined ? [id] : [...hits.entries()].sort((a, b) => b[1].score - a[1].score)[0];
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

// sameError returns the doc id of the error that name spells, up to case,
// hyphens, spaces and underscores: a code, a former or retired code, or an
// alias. Nothing else: a guess is not a reason to redirect.
function sameError(name, idx) {
  const code = name.trim().replace(/[-\s]+/g, "_").toUpperCase();
  if (idx.byCode.has(code)) return idx.byCode.get(code);
  if (idx.former.has(code)) return idx.former.get(code);
  const words = tokens(name.replace(/[-_]+/g, " ")).join(" ");
  if (!words) return undefined;
  const a = idx.aliases.find((al) => al.toks.join(" ") === words);
  return a ? a.id : undefined;
}
