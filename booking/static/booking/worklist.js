// Worklist: select all, confirm bulk delete, Ctrl+1 opens the first document (seed 004).
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "bk-all") {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = e.target.checked; });
    }
  });
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-confirm]");
    if (btn && !window.confirm(btn.getAttribute("data-confirm"))) { e.preventDefault(); }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "1") {
      var table = document.querySelector("[data-first]");
      var url = table && table.getAttribute("data-first");
      if (url) { e.preventDefault(); window.location.href = url; }
    }
    if (e.key === "?" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      var help = document.getElementById("bk-shortcuts");
      if (help) { help.classList.toggle("show"); }
    }
  });
})();
