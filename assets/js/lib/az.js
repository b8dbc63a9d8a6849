// The A to Z table: filter by text and category, sort by column, in place.
// Without JavaScript the full table is there, sorted by code.
export function initAZ() {
  const table = document.querySelector("[data-az-table]");
  const controls = document.querySelector("[data-az-controls]");
  if (!table || !controls) return;
  controls.hidden = false;
  const filter = controls.querySelector("[data-az-filter]");
  const category = controls.querySelector("[data-az-category]");
  const count = controls.querySelector("[data-az-count]");
  const tbody = table.tBodies[0];
  const rows = Array.from(tbody.rows).map((tr) => ({
    tr,
    code: tr.cells[0].textContent.trim(),
    title: tr.cells[1].textContent.trim(),
    category: tr.cells[2].textContent.trim(),
    slug: tr.dataset.category,
    text: tr.textContent.toLowerCase().replace(/_/g, " "),
  }));
  const params = new URLSearchParams(location.search);
  if (params.get("q")) filter.value = params.get("q");
  if (params.get("category")) category.value = params.get("category");

  const apply = () => {
    const words = filter.value.toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean);
    const cat = category.value;
    let shown = 0;
    for (const r of rows) {
      const ok = (!cat || r.slug === cat) && words.every((w) => r.text.includes(w));
      r.tr.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown === rows.length ? `${rows.length} errors` : `${shown} of ${rows.length} errors`;
  };
  filter.addEventListener("input", apply);
  category.addEventListener("change", apply);

  for (const btn of table.querySelectorAll("[data-sort]")) {
    btn.addEventListener("click", () => {
      const key = btn.dataset.sort;
      const th = btn.closest("th");
      const asc = th.getAttribute("aria-sort") !== "ascending";
      for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort((a, b) => (asc ? 1 : -1) * a[key].localeCompare(b[key]) || a.code.localeCompare(b.code));
      for (const r of rows) tbody.appendChild(r.tr);
    });
  }
  apply();
}
