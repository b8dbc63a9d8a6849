import { pageURL } from "./files.js";
import { pageLoader } from "./search/loader.js";
import { prepare, resolveName, search } from "./search/matcher.js";

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
    const load = pageLoader();
    const idx = prepare(await load("core"));
    const same = await resolveName(guess, idx, load);
    if (underErrors && same !== undefined) {
      const target = new URL(pageURL("errors/" + same + "/"), location.href);
      if (target.pathname !== location.pathname) {
        location.replace(target.href.split("#")[0] + location.hash);
        return;
      }
    }
    // A mistyped code or alias: the best sure match of the name, as a
    // code and as words.
    const out = await search(guess.replace(/[-\s]+/g, "_").toUpperCase() + " " + guess.replace(/[-_]+/g, " "), idx, load, { limit: 1 });
    const best = same !== undefined ? same : out.results.length && out.results[0].confidence !== "weak" ? out.results[0].code : undefined;
    if (best !== undefined) {
      const a = document.createElement("a");
      a.href = pageURL("errors/" + best + "/");
      a.textContent = best;
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
