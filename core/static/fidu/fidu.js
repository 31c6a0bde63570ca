// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("fidu-autosubmit") && el.form) {
      el.form.submit();
    }
  });
  // Buttons with data-confirm ask before submitting (deletions, revocations).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // A table wider than the screen (a phone, a tablet) scrolls inside its own box instead of
  // pushing the whole page sideways: every table gets the .table-responsive wrapper that a
  // template forgot, on load and after each htmx swap.
  function wrapTables(root) {
    var tables = (root || document).querySelectorAll("main table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.closest(".table-responsive")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
  } else {
    wrapTables(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { wrapTables(event.target); });
})();
