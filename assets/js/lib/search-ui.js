import { pageURL } from "./files.js";

// Search boxes: "/" focuses the box; submitting goes to the search page,
// which runs the query. Without JavaScript the forms lead to the A to Z
// list, which filters by the same words.
export function initSearch() {
  const forms = document.querySelectorAll("[data-search-form]");
  for (const form of forms) {
    form.addEventListener("submit", (ev) => {
      const input = form.querySelector("[data-search-input]");
      if (input.hasAttribute("data-search-page")) return; // handled by the page
      ev.preventDefault();
      location.href = pageURL("search/") + "?q=" + encodeURIComponent(input.value.trim());
    });
  }
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const input = document.querySelector("[data-search-input]");
    if (!input) return;
    ev.preventDefault();
    input.focus();
  });
}
