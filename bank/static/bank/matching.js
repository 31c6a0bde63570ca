// Bank matching by keyboard: j/k move between movements, a accepts, r rejects, c focuses the
// target search; Enter in the search presses that row's Change button, not the form's first.
(function () {
  "use strict";
  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll("[data-row]")); };
  var current = function () {
    var el = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-row]");
    return el || rows()[0];
  };
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "bank-all") {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = e.target.checked; });
    }
  });
  document.addEventListener("keydown", function (e) {
    var tag = document.activeElement ? document.activeElement.tagName : "";
    if (e.key === "Enter" && tag === "INPUT" && document.activeElement.getAttribute("list")) {
      var btn = document.activeElement.closest("[data-row]").querySelector("[data-enter]");
      if (btn) { e.preventDefault(); btn.click(); }
      return;
    }
    if (/INPUT|TEXTAREA|SELECT/.test(tag) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var row = current();
    if (!row) { return; }
    if (e.key === "j" || e.key === "k") {
      var all = rows(), i = all.indexOf(row) + (e.key === "j" ? 1 : -1);
      if (document.activeElement.closest && !document.activeElement.closest("[data-row]")) { i = 0; }
      var next = all[Math.max(0, Math.min(all.length - 1, i))];
      if (next) { e.preventDefault(); next.focus(); next.scrollIntoView({block: "nearest"}); }
      return;
    }
    var target = row.querySelector("[data-key='" + e.key + "']");
    if (!target) { return; }
    e.preventDefault();
    if (target.tagName === "INPUT") { target.focus(); } else { target.click(); }
  });
})();
