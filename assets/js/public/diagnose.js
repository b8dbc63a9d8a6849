// The help center's diagnosis for other sites' pages. An app includes
//
//   <script src="https://help.example.com/diagnose.js"></script>
//
// and calls HelpCenter.diagnose(text), which resolves to the best matches
// for an error text, each {code, title, url, cause, confidence, score}
// (cause only when one of the cause's own messages matched; url then ends
// in its anchor), or, first, {unknown: CODE, url} for a real Salesforce
// code this help center does not cover (url: our search page for it, which
// says so and links to Salesforce's help). URLs are absolute, made from
// this script's own address, so they lead to the site that served it.
//
// The script needs nothing from the page: the index loads as scripts from
// the script's own origin (no CORS), and it works on pages with or without
// a Content-Security-Policy that allows that origin's scripts. It is built
// from the same matcher as the search page, and `helpcenter find` runs
// this very file (in goja), so all three give the same answer.
//
// HelpCenter.create(load, base) makes a diagnoser over another loader:
// load(name) returns a promise of an index part ("core", "t0", "d0"), base
// is the site's URL ("" for site-relative URLs).

import { scriptLoader } from "../lib/search/loader.js";
import { prepare, search } from "../lib/search/matcher.js";

// absolute joins the site's URL and a path in it (no URL class: goja,
// which runs this file for `helpcenter find`, has none).
function absolute(base, path) {
  if (!base) return path;
  return (base.endsWith("/") ? base : base + "/") + path;
}

export function create(load, base) {
  let idx = null;
  return {
    async diagnose(text, options) {
      const limit = options && options.limit > 0 ? options.limit : 5;
      if (!idx) {
        idx = load("core").then(prepare);
        // A failed load is not kept: the next call tries again.
        idx.catch(() => { idx = null; });
      }
      const index = await idx;
      const out = await search(String(text == null ? "" : text), index, load, { limit, all: !!(options && options.all) });
      const matches = out.results.map((r) => {
        const m = {
          code: r.code,
          title: r.title,
          url: absolute(base, "errors/" + r.code + "/" + (r.cause ? "#" + r.cause : "")),
          confidence: r.confidence,
          score: r.value,
        };
        if (r.cause) m.cause = r.cause;
        return m;
      });
      if (out.notice) {
        matches.unshift({ unknown: out.notice, url: absolute(base, "search/?q=" + encodeURIComponent(out.notice)) });
      }
      return matches;
    },
  };
}

const global = typeof window !== "undefined" ? window : globalThis;
// The site's root is where this script lives; read now, while it runs.
const script = typeof document !== "undefined" ? document.currentScript : null;
const root = script && script.src ? new URL(".", script.src).href : "";
let page = null;

global.HelpCenter = {
  diagnose(text, options) {
    if (!page) page = create(scriptLoader(root), root);
    return page.diagnose(text, options);
  },
  create,
};
