// Index parts are scripts that call HC_SEARCH_LOAD(name, data): a <script>
// element loads over HTTP and from file:// alike, where fetch() of JSON is
// refused; the CSP's script-src 'self' allows it; and a page on another
// origin can load them without CORS (the diagnose script).
//
// One global HC_SEARCH_LOAD serves every loader on a page (the site's
// own, and a diagnose script included from elsewhere): it tells the parts
// apart by the URL of the script that is running (document.currentScript),
// so two sites' indexes on one page never mix.

import { pageURL } from "../files.js";

function registry() {
  let fn = window.HC_SEARCH_LOAD;
  if (typeof fn !== "function" || !(fn.parts instanceof Map)) {
    const parts = new Map(); // absolute script URL → pending part
    fn = (_name, data) => {
      const s = document.currentScript;
      const e = s && parts.get(s.src);
      if (e) {
        e.loaded = true;
        e.resolve(data);
      }
    };
    fn.parts = parts;
    window.HC_SEARCH_LOAD = fn;
  }
  return fn.parts;
}

// scriptLoader returns load(name) for the index under base (the site
// root, an absolute URL or one relative to the page): a promise of the
// part's data, each part requested once.
export function scriptLoader(base) {
  const parts = registry();
  return (name) => {
    const src = new URL("search/" + (name === "core" ? "index" : name) + ".js", new URL(base, document.baseURI)).href;
    let e = parts.get(src);
    if (!e) {
      e = {};
      e.promise = new Promise((resolve, reject) => { e.resolve = resolve; e.reject = reject; });
      parts.set(src, e);
      const s = document.createElement("script");
      s.src = src;
      s.async = true;
      // Either way the part fails, a later query tries again: the entry
      // goes, and the next load makes a new script element.
      const fail = (why) => {
        if (parts.get(src) === e) parts.delete(src);
        e.reject(new Error("could not load the search index: " + src + " " + why));
      };
      s.onerror = () => fail("did not load (missing, or the server failed)");
      // A script runs before its load event: a part that loaded but never
      // called HC_SEARCH_LOAD is empty or not the index's JavaScript, and
      // would otherwise leave the promise pending for ever.
      s.onload = () => {
        if (!e.loaded) fail("is empty or not the index's JavaScript; rebuild the site");
      };
      document.head.appendChild(s);
    }
    return e.promise;
  };
}

// pageLoader loads the index of the site the page belongs to.
export function pageLoader() {
  return scriptLoader(pageURL(""));
}
