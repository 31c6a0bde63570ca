// Annotation screen (C7): highlight boxes, text layer with click-to-copy, amount arithmetic,
// detail lines, keyboard shortcuts. No inline script or style (CSP): positions are set here.
(function () {
  "use strict";
  var form = document.getElementById("bk-form");
  if (!form) { return; }
  var viewer = document.getElementById("bk-viewer");
  var boxes = JSON.parse(document.getElementById("bk-boxes").textContent || "[]");
  var words = JSON.parse(document.getElementById("bk-words").textContent || "[]");
  var lastField = null;
  var dirty = false;

  function place(el, x0, y0, x1, y1) {
    el.style.left = (x0 * 100) + "%";
    el.style.top = (y0 * 100) + "%";
    el.style.width = Math.max(0.2, (x1 - x0) * 100) + "%";
    el.style.height = Math.max(0.2, (y1 - y0) * 100) + "%";
  }

  // Recognised values, highlighted on their page.
  boxes.forEach(function (b) {
    var page = viewer.querySelector('.bk-page[data-page="' + b.page + '"]');
    if (!page) { return; }
    var el = document.createElement("div");
    el.className = "bk-box";
    el.setAttribute("data-field", b.name);
    el.title = b.name + ": " + b.value;
    place(el, b.box[0], b.box[1], b.box[2], b.box[3]);
    page.appendChild(el);
  });

  // The text layer: one transparent span per word; shown by the toggle.
  words.forEach(function (list, i) {
    var page = viewer.querySelector('.bk-page[data-page="' + (i + 1) + '"]');
    if (!page) { return; }
    var frag = document.createDocumentFragment();
    list.forEach(function (w) {
      var span = document.createElement("span");
      span.className = "bk-word";
      span.textContent = w[0];
      span.setAttribute("data-word", w[0]);
      place(span, w[1], w[2], w[3], w[4]);
      frag.appendChild(span);
    });
    page.appendChild(frag);
  });
  var toggle = document.getElementById("bk-textlayer");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var on = viewer.classList.toggle("bk-textlayer");
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.classList.toggle("active", on);
    });
  }

  form.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t.matches("input, textarea")) {
      lastField = t;
      var name = t.getAttribute("data-box");
      viewer.querySelectorAll(".bk-box").forEach(function (b) {
        b.classList.toggle("bk-box-active", !!name && b.getAttribute("data-field") === name);
      });
    }
  });
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });

  // Click a word: copy it into the field that last had the focus.
  viewer.addEventListener("click", function (e) {
    var w = e.target.closest(".bk-word");
    if (!w || !lastField) { return; }
    var text = w.getAttribute("data-word");
    if (lastField.classList.contains("bk-amount")) { text = text.replace(/[^0-9,.\-]/g, "").replace(/\.(?=.*[.,])/g, "").replace(",", "."); }
    if (lastField.type === "date") { text = toIsoDate(text) || lastField.value; }
    lastField.value = text;
    lastField.dispatchEvent(new Event("input", { bubbles: true }));
    lastField.focus();
  });

  function toIsoDate(s) {
    var m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$/.exec(s.trim());
    if (!m) { return null; }
    var y = m[3].length === 2 ? "20" + m[3] : m[3];
    return y + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
  }

  // Arithmetic in amount fields: "12+25" then Enter gives 37 (no eval: a tiny parser).
  function calc(src) {
    var s = src.replace(/\s+/g, "").replace(/,/g, "."), i = 0;
    function num() {
      var m = /^-?\d*\.?\d+/.exec(s.slice(i));
      if (!m) { throw new Error("bad"); }
      i += m[0].length; return parseFloat(m[0]);
    }
    function factor() {
      if (s[i] === "(") { i++; var v = expr(); if (s[i] !== ")") { throw new Error("bad"); } i++; return v; }
      if (s[i] === "-") { i++; return -factor(); }
      return num();
    }
    function term() {
      var v = factor();
      while (s[i] === "*" || s[i] === "/") { var op = s[i++]; var r = factor(); v = op === "*" ? v * r : v / r; }
      return v;
    }
    function expr() {
      var v = term();
      while (s[i] === "+" || s[i] === "-") { var op = s[i++]; var r = term(); v = op === "+" ? v + r : v - r; }
      return v;
    }
    var out = expr();
    if (i !== s.length || !isFinite(out)) { throw new Error("bad"); }
    return (Math.round(out * 100) / 100).toFixed(2);
  }
  form.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t.classList && t.classList.contains("bk-amount") && /[+\-*/()]/.test(t.value.replace(/^-/, ""))) {
      e.preventDefault();
      try { t.value = calc(t.value); t.classList.remove("is-invalid"); dirty = true; } catch (err) { t.classList.add("is-invalid"); }
    }
  });

  // Detail lines.
  var tbody = document.getElementById("bk-lines");
  var tpl = document.getElementById("bk-line-template");
  var add = document.getElementById("bk-add-line");
  var total = document.getElementById("bk-lines-total");
  // The lines are a Django formset: number the fields lines-0-..., lines-1-... in order.
  function renumber() {
    var rows = tbody.querySelectorAll("tr");
    rows.forEach(function (tr, i) {
      tr.querySelectorAll("[data-name]").forEach(function (el) {
        el.name = "lines-" + i + "-" + el.getAttribute("data-name");
      });
    });
    if (total) { total.value = rows.length; }
  }
  if (add) {
    add.addEventListener("click", function () {
      tbody.appendChild(tpl.content.cloneNode(true));
      renumber();
      dirty = true;
      var rows = tbody.querySelectorAll("tr");
      rows[rows.length - 1].querySelector("input, select").focus();
    });
  }
  tbody.addEventListener("click", function (e) {
    var btn = e.target.closest(".bk-remove-line");
    if (btn) { btn.closest("tr").remove(); renumber(); dirty = true; }
  });
  form.addEventListener("submit", renumber);

  // Buttons and shortcuts.
  var go = document.getElementById("bk-go");
  form.addEventListener("click", function (e) {
    var btn = e.target.closest("button[data-go]");
    if (btn) { go.value = btn.getAttribute("data-go"); }
  });
  function submit(where) { go.value = where; form.requestSubmit ? form.requestSubmit() : form.submit(); }
  var confirmBox = document.getElementById("bk-delete-confirm");
  function askDelete() {
    if (!confirmBox) { return; }
    confirmBox.classList.remove("d-none");
    document.getElementById("bk-delete-yes").focus();
  }
  var del = document.getElementById("bk-delete");
  if (del) { del.addEventListener("click", askDelete); }
  var no = document.getElementById("bk-delete-no");
  if (no) { no.addEventListener("click", function () { confirmBox.classList.add("d-none"); }); }

  var readonly = form.querySelector("fieldset[disabled]") !== null;
  document.addEventListener("keydown", function (e) {
    var ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === "s" || e.key === "S")) { e.preventDefault(); if (!readonly) { submit("back"); } }
    else if (ctrl && e.key === "ArrowRight") { e.preventDefault(); if (!readonly) { submit("next"); } }
    else if (ctrl && e.key === "ArrowLeft") {
      e.preventDefault();
      var prev = form.getAttribute("data-prev");
      if (dirty && !readonly) { submit("prev"); } else if (prev) { window.location.href = prev; }
    }
    else if (ctrl && (e.key === "d" || e.key === "D")) { e.preventDefault(); askDelete(); }
    else if (ctrl && (e.key === "p" || e.key === "P")) {
      e.preventDefault();
      var url = form.getAttribute("data-counterparty");
      if (url) { window.open(url, "_blank", "noopener"); }
    }
    else if (ctrl && e.key === "1") {
      e.preventDefault();
      var first = form.getAttribute("data-first");
      if (first) { window.location.href = first; }
    }
    else if (e.key === "Escape" && confirmBox && !confirmBox.classList.contains("d-none")) { confirmBox.classList.add("d-none"); }
    else if (e.key === "?" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      document.getElementById("bk-shortcuts").classList.toggle("show");
    }
  });
})();
