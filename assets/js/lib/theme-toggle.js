// The theme button: follows the system until the reader chooses, then
// remembers the choice (theme.js applies it before the first paint).
export function initTheme() {
  const btn = document.querySelector("[data-theme-toggle]");
  if (!btn) return;
  const root = document.documentElement;
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  const current = () => root.getAttribute("data-theme") || (media.matches ? "dark" : "light");
  const sync = () => {
    const dark = current() === "dark";
    btn.setAttribute("aria-pressed", String(dark));
    btn.setAttribute("title", dark ? "Switch to the light theme" : "Switch to the dark theme");
  };
  btn.hidden = false;
  sync();
  media.addEventListener("change", sync);
  btn.addEventListener("click", () => {
    const next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("theme", next); } catch (e) {}
    sync();
  });
}
