"use strict";
// Filters (province, type, minimum severity, text) and click-to-sort columns for the findings table.
(function () {
  const table = document.getElementById("findings");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const byId = (id) => document.getElementById(id);
  const controls = ["filter-province", "filter-type", "filter-severity", "filter-text"].map(byId);

  function applyFilters() {
    const [province, type, severity, text] = controls.map((c) => c.value);
    const needle = text.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const visible =
        (!province || row.dataset.province === province) &&
        (!type || row.dataset.type === type) &&
        Number(row.dataset.severity) >= Number(severity) &&
        (!needle || row.textContent.toLowerCase().includes(needle));
      row.classList.toggle("hidden", !visible);
      shown += visible ? 1 : 0;
    }
    byId("shown").textContent = `${shown} of ${rows.length} shown`;
  }

  function sortBy(header) {
    const key = header.dataset.sort;
    const descending = !header.classList.contains("desc");
    for (const th of table.tHead.rows[0].cells) th.classList.remove("asc", "desc");
    header.classList.add(descending ? "desc" : "asc");
    const numeric = ["severity", "year", "page"].includes(key);
    const value = (row) => (numeric ? Number(row.dataset[key] || 0) : row.dataset[key]);
    rows.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = numeric ? x - y : x.localeCompare(y, "vi");
      return descending ? -order : order;
    });
    for (const row of rows) body.appendChild(row);
  }

  for (const control of controls) control.addEventListener("input", applyFilters);
  for (const header of table.querySelectorAll("th[data-sort]")) {
    header.addEventListener("click", () => sortBy(header));
  }
  applyFilters();
})();
