import { pageURL } from "./files.js";

// On the 404 page, suggest the error page the reader probably meant: a
// lower-case or mistyped code in the path still finds its page.
export function initNotFound() {
  const box = document.querySelector("[data-notfound-suggest]");
  if (!box) return;
  const segs = decodeURIComponent(location.pathname).split("/").filter(Boolean);
  const guess = segs.reverse().find((s) => s !== "index.html" && s !== "errors") || "";
  if (!guess) return;
  const p = document.createElement("p");
  const a = document.createElement("a");
  a.href = pageURL("search/") + "?q=" + encodeURIComponent(guess.replace(/[-_]+/g, " ").toUpperCase().replace(/ /g, "_"));
  a.textContent = "Search for " + guess;
  p.append("Looking for an error? ", a);
  box.append(p);
}
