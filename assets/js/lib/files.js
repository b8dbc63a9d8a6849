// Opened from disk (file://), a link to "errors/X/" shows a folder listing,
// not its index.html as a web server would. Point such links at the file.
export function fixFileLinks() {
  if (location.protocol !== "file:") return;
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (/^[a-z]+:/i.test(href) || href.startsWith("#")) continue;
    const [path, rest] = splitHash(href);
    if (path === "" ) continue;
    if (path.endsWith("/")) a.setAttribute("href", path + "index.html" + rest);
  }
}

function splitHash(href) {
  const i = href.search(/[?#]/);
  return i < 0 ? [href, ""] : [href.slice(0, i), href.slice(i)];
}

// pageURL returns the URL of a site page (path relative to the site root),
// as a link that works over HTTP and from disk alike.
export function pageURL(path) {
  const root = document.body.dataset.root || "./";
  let url = (root === "./" ? "" : root) + path;
  if (location.protocol === "file:" && (url === "" || url.endsWith("/"))) url += "index.html";
  return url || "./";
}
