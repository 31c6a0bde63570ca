// Page editor (B11): rotate, reorder and remove pages on thumbnails; the server makes a new document.
(function () {
  "use strict";
  var grid = document.getElementById("page-grid");
  if (!grid) return;
  document.querySelectorAll(".fidu-js-only").forEach(function (el) { el.classList.remove("d-none"); });
  function rotClass(card) {
    card.classList.remove("fidu-rot-90", "fidu-rot-180", "fidu-rot-270");
    var r = parseInt(card.dataset.rotate, 10);
    if (r) card.classList.add("fidu-rot-" + r);
  }
  grid.addEventListener("click", function (e) {
    var btn = e.target.closest("button");
    if (!btn) return;
    var card = btn.closest(".fidu-page");
    if (btn.classList.contains("page-rotate")) {
      card.dataset.rotate = (parseInt(card.dataset.rotate, 10) + 90) % 360;
      rotClass(card);
    } else if (btn.classList.contains("page-remove")) {
      card.classList.toggle("fidu-removed");
    } else if (btn.classList.contains("page-left") && card.previousElementSibling) {
      grid.insertBefore(card, card.previousElementSibling);
    } else if (btn.classList.contains("page-right") && card.nextElementSibling) {
      grid.insertBefore(card.nextElementSibling, card);
    }
  });
  grid.addEventListener("change", function (e) {
    if (e.target.classList.contains("page-first")) {
      e.target.closest(".fidu-page").classList.toggle("fidu-first", e.target.checked);
    }
  });
  grid.querySelectorAll(".page-first:checked").forEach(function (c) { c.closest(".fidu-page").classList.add("fidu-first"); });
  document.getElementById("pages-form").addEventListener("submit", function () {
    var pages = [];
    grid.querySelectorAll(".fidu-page").forEach(function (card) {
      if (!card.classList.contains("fidu-removed")) pages.push(card.dataset.page + ":" + card.dataset.rotate);
    });
    document.getElementById("pages-field").value = pages.join(",");
  });
})();
