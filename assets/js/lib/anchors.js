// Links published before causes had ids point at #cause-N or #fix-N (the
// Nth cause of the page). Those links live on in support tickets, so an
// error page still answers them: the Nth cause as it was then, now found
// by its stable id. A link to an id that exists is left alone.
export function followLegacyAnchor() {
  const m = /^#(?:cause|fix)-(\d+)$/.exec(location.hash);
  if (!m || document.getElementById(location.hash.slice(1))) return;
  const heading = document.querySelectorAll(".cause h3[id]")[Number(m[1]) - 1];
  if (!heading) return;
  try {
    history.replaceState(null, "", "#" + heading.id);
  } catch (e) {
    // file:// pages may refuse; scrolling is what matters.
  }
  heading.scrollIntoView();
}
