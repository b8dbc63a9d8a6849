import { pageURL } from "./files.js";
import { pageLoader } from "./search/loader.js";
import { prepare, search } from "./search/matcher.js";
import { stem } from "./search/normalize.js";

// Search boxes: "/" focuses the box; submitting goes to the search page,
// which runs the query (and runs it on load from ?q=, so support can send
// a link). Without JavaScript the forms lead to the A to Z list.
export function initSearch() {
  for (const form of document.querySelectorAll("[data-search-form]")) {
    const input = form.querySelector("[data-search-input]");
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (input.hasAttribute("data-search-page")) {
        run(input.value, true);
        return;
      }
      location.href = pageURL("search/") + "?q=" + encodeURIComponent(input.value.trim());
    });
    if (input.tagName === "TEXTAREA") {
      input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
          ev.preventDefault();
          form.requestSubmit();
        }
      });
    }
  }
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const input = document.querySelector("[data-search-page]") || document.querySelector("[data-search-input]");
    if (!input) return;
    ev.preventDefault();
    input.focus();
  });
  initSearchPage();
}

let index = null;
let seq = 0;
let load = null;

function initSearchPage() {
  const input = document.querySelector("[data-search-page]");
  const list = document.querySelector("[data-search-results]");
  if (!input || !list) return;
  load = pageLoader();
  const status = document.querySelector("[data-search-status]");
  status.textContent = "";
  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value, true), 150);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) { ev.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", (ev) => {
    const links = Array.from(list.querySelectorAll("a"));
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === "ArrowDown" && i + 1 < links.length) { ev.preventDefault(); links[i + 1].focus(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    else if (ev.key === "Escape") { ev.preventDefault(); input.focus(); }
  });
  initCopySearch(input);
  if (q.trim()) run(q, false);
  else input.focus();
}

// searchLink is the shareable address of a search: the page's public
// (canonical) URL when the site has one, else where the reader is, with
// the paste as ?q=.
function searchLink(q) {
  const canon = document.querySelector('link[rel="canonical"]');
  const base = canon ? canon.href : location.href.split(/[?#]/)[0];
  return base + "?q=" + encodeURIComponent(q.trim());
}

// initCopySearch wires "Copy link to this search" (#14.5): support sends a
// customer, or a colleague, the search for the very paste they looked at.
// It shows only where the Clipboard API exists and once there is a paste.
function initCopySearch(input) {
  const btn = document.querySelector("[data-search-copy]");
  if (!btn || !navigator.clipboard) return;
  const label = btn.textContent;
  btn.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(searchLink(input.value));
      btn.textContent = "Copied";
    } catch (e) {
      btn.textContent = "Copy failed";
    }
    setTimeout(() => { btn.textContent = label; }, 1500);
  });
}

async function run(q, push) {
  const mine = ++seq;
  const list = document.querySelector("[data-search-results]");
  const status = document.querySelector("[data-search-status]");
  const copy = document.querySelector("[data-search-copy]");
  if (copy && navigator.clipboard) copy.hidden = !q.trim();
  if (push) {
    const url = new URL(location.href);
    if (q.trim()) url.searchParams.set("q", q.trim()); else url.searchParams.delete("q");
    try { history.replaceState(null, "", url); } catch (e) { /* file:// may refuse */ }
  }
  if (!q.trim()) {
    list.replaceChildren();
    status.textContent = "";
    reveal(null, false);
    return;
  }
  let out;
  const t0 = performance.now();
  try {
    if (!index) index = prepare(await load("core"));
    out = await search(q, index, load);
  } catch (e) {
    status.textContent = "Search is unavailable: " + e.message + ". Browse the A to Z list instead.";
    return;
  }
  if (mine !== seq) return; // a newer query is running
  render(out, list, status);
  // Time from query to results, index loading included: the benchmark
  // reads it.
  list.dataset.ms = (performance.now() - t0).toFixed(1);
}

function render(out, list, status) {
  const items = out.results.map((r) => {
    const li = document.createElement("li");
    li.dataset.confidence = r.confidence;
    const a = document.createElement("a");
    a.href = pageURL("errors/" + r.code + "/") + (r.cause ? "#" + r.cause : "");
    const code = document.createElement("code");
    code.textContent = r.code;
    const title = document.createElement("span");
    title.className = "result-title";
    highlight(title, r.title, r.terms);
    a.append(code, " ", title);
    const meta = document.createElement("span");
    meta.className = "result-meta";
    meta.append(r.cat + " · ");
    highlight(meta, r.summary, r.terms);
    li.append(a, meta);
    return li;
  });
  list.replaceChildren(...items);
  const n = out.results.length;
  const guess = n > 0 && out.results.every((r) => r.confidence === "weak");
  status.textContent = n === 0
    ? (out.notice ? "No page for this code yet." : "No matching page.")
    : (guess ? "No exact match. Pages that share most of your words: " : "") + (n === 1 ? "1 result" : n + " results");
  reveal(out.notice, n === 0 && !out.notice);
}

// reveal shows the template's blocks for an unknown code (with links to
// search Salesforce's own help) and for a paste that matches nothing (the
// A to Z list and the guides), and the support contact with either.
function reveal(code, none) {
  const unknown = document.querySelector("[data-search-unknown]");
  if (unknown) {
    unknown.hidden = !code;
    if (code) {
      for (const el of unknown.querySelectorAll("[data-search-code]")) el.textContent = code;
      const sf = unknown.querySelector("[data-search-salesforce]");
      if (sf) sf.href = sf.href.split("#")[0] + "#q=" + encodeURIComponent(code);
    }
  }
  const nothing = document.querySelector("[data-search-none]");
  if (nothing) nothing.hidden = !none;
  const support = document.querySelector("[data-search-support]");
  if (support) support.hidden = !(code || none);
}

// highlight appends text to el with the words whose stem was matched
// wrapped in <mark>. It builds nodes, never HTML, so catalog text cannot
// inject markup.
function highlight(el, text, terms) {
  const set = new Set(terms);
  const re = /[A-Za-z0-9]+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (!set.has(stem(m[0].toLowerCase()))) continue;
    el.append(text.slice(last, m.index));
    const mark = document.createElement("mark");
    mark.textContent = m[0];
    el.append(mark);
    last = m.index + m[0].length;
  }
  el.append(text.slice(last));
}
