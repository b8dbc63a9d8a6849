import { pageURL } from "../files.js";

// Index parts are scripts that call HC_SEARCH_LOAD(name, data): a <script>
// element loads over HTTP and from file:// alike, where fetch() of JSON is
// refused, and the CSP's script-src 'self' allows it.
const parts = new Map();

function entry(name) {
  let e = parts.get(name);
  if (!e) {
    e = {};
    e.promise = new Promise((resolve, reject) => { e.resolve = resolve; e.reject = reject; });
    parts.set(name, e);
  }
  return e;
}

window.HC_SEARCH_LOAD = (name, data) => entry(name).resolve(data);

export function load(name) {
  const e = entry(name);
  if (!e.requested) {
    e.requested = true;
    const s = document.createElement("script");
    s.src = pageURL("search/" + (name === "core" ? "index" : name) + ".js");
    s.async = true;
    s.onerror = () => e.reject(new Error("could not load the search index (" + name + ")"));
    document.head.appendChild(s);
  }
  return e.promise;
}
