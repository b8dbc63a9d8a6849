// Loaded blocking in <head>, before the first paint, so a reader who chose
// a theme never sees a flash of the other one. Kept tiny on purpose.
try {
  var t = localStorage.getItem("theme");
  if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
} catch (e) {}
