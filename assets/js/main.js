// The help center's one script, bundled and minified by esbuild at build
// time. Every feature here improves a page that already works without it.
import { fixFileLinks } from "./lib/files.js";
import { initTheme } from "./lib/theme-toggle.js";
import { initCopy } from "./lib/copy.js";
import { initAZ } from "./lib/az.js";
import { initSearch } from "./lib/search-ui.js";
import { initNotFound } from "./lib/notfound.js";
import { followLegacyAnchor } from "./lib/anchors.js";

function start() {
  fixFileLinks();
  initTheme();
  initCopy();
  initAZ();
  initSearch();
  initNotFound();
  followLegacyAnchor();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
