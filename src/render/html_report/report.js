"use strict";
(function () {
  var rule = document.getElementById("filter-rule");
  var sev = document.getElementById("filter-sev");
  var shown = document.getElementById("shown");
  function apply() {
    var r = rule ? rule.value : "", s = sev ? sev.value : "", visible = 0;
    document.querySelectorAll("[data-rule]").forEach(function (el) {
      var ok = (!r || el.dataset.rule === r) && (!s || !el.dataset.sev || el.dataset.sev === s);
      if (el.tagName === "MARK") {
        el.classList.toggle("off", !ok);
      } else {
        el.hidden = !ok;
        if (ok && el.classList.contains("finding")) visible++;
      }
    });
    if (shown) shown.textContent = String(visible);
  }
  if (rule) rule.addEventListener("change", apply);
  if (sev) sev.addEventListener("change", apply);
  function key(cell) {
    var v = cell.getAttribute("data-v");
    return v === null ? cell.textContent.trim() : v;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.classList.contains("n");
        rows.sort(function (a, b) {
          var x = key(a.cells[column]), y = key(b.cells[column]);
          var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
})();
