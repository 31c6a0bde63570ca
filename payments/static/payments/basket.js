// The basket's button says how many payments and how much the chosen ones make (G3).
(function () {
  "use strict";
  var form = document.getElementById("basket");
  if (!form) return;
  var picks = form.querySelectorAll(".basket-pick");
  var all = document.getElementById("basket-all");
  var button = document.getElementById("export-sepa");
  var lang = document.documentElement.lang || "fr";
  function cents(text) {
    var parts = text.split(".");
    return parseInt(parts[0], 10) * 100 + parseInt((parts[1] || "0").padEnd(2, "0").slice(0, 2), 10);
  }
  function update() {
    var n = 0, total = 0;
    picks.forEach(function (p) { if (p.checked) { n += 1; total += cents(p.dataset.amount); } });
    form.querySelectorAll(".basket-count").forEach(function (el) { el.textContent = String(n); });
    var shown = (total / 100).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    form.querySelectorAll(".basket-total").forEach(function (el) { el.textContent = shown; });
    if (button) button.disabled = n === 0;
    if (all) all.checked = n > 0 && n === picks.length;
  }
  picks.forEach(function (p) { p.addEventListener("change", update); });
  if (all) all.addEventListener("change", function () {
    picks.forEach(function (p) { p.checked = all.checked; });
    update();
  });
  update();
})();
