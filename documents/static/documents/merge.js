// Merge picker (B11): keep, turn and order pages of several documents; the server merges them.
(function () {
  "use strict";
  var grid = document.getElementById("merge-grid");
  if (!grid) return;
  document.querySelectorAll(".fidu-js-only").forEach(function (el) { el.classList.remove("d-none"); });
  grid.addEventListener("click", function (e) {
    var btn = e.target.closest("button");
    if (!btn) return;
    var card = btn.closest(".fidu-page");
    if (btn.classList.contains("page-rotate")) {
      card.dataset.rotate = (parseInt(card.dataset.rotate, 10) + 90) % 360;
      card.classList.remove("fidu-rot-90", "fidu-rot-180", "fidu-rot-270");
      if (card.dataset.rotate !== "0") card.classList.add("fidu-rot-" + card.dataset.rotate);
    } else if (btn.classList.contains("page-left") && card.previousElementSibling) {
      grid.insertBefore(card, card.previousElementSibling);
    } else if (btn.classList.contains("page-right") && card.nextElementSibling) {
      grid.insertBefore(card.nextElementSibling, card);
    }
    btn.focus();
  });
  grid.addEventListener("change", function (e) {
    if (e.target.classList.contains("merge-keep")) {
      e.target.closest(".fidu-page").classList.toggle("fidu-removed", !e.target.checked);
    }
  });
  document.getElementById("merge-form").addEventListener("submit", function () {
    var pages = [];
    grid.querySelectorAll(".fidu-page").forEach(function (card) {
      if (card.querySelector(".merge-keep").checked) pages.push(card.dataset.ref + ":" + card.dataset.rotate);
    });
    document.getElementById("merge-pages-field").value = pages.join(",");
  });
})();
