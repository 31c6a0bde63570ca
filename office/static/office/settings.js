// I2 office settings: the branding preview follows the form as the admin types.
// CSP allows no inline script or style: this file sets CSS variables through the CSSOM.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  if (!form) return;
  var preview = document.getElementById(form.getAttribute("data-preview"));
  if (!preview) return;
  var nameEl = preview.querySelector("[data-testid=preview-name]");
  var HEX = /^#[0-9a-fA-F]{6}$/;

  function luminance(hex) {
    var c = [1, 3, 5].map(function (i) {
      var s = parseInt(hex.substr(i, 2), 16) / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function textOn(hex) {
    // White or black, whichever contrasts more (as tenancy/branding.py decides).
    var l = luminance(hex);
    return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#000000";
  }
  function value(name) {
    var el = form.elements.namedItem(name);
    return el ? el.value : "";
  }
  function colour(name, variable, textVariable) {
    var v = value(name);
    if (!HEX.test(v)) return;
    preview.style.setProperty(variable, v);
    if (textVariable) preview.style.setProperty(textVariable, textOn(v));
  }
  function update() {
    colour("color_background", "--pv-bg");
    colour("color_app", "--pv-app", "--pv-app-text");
    colour("color_button", "--pv-button", "--pv-button-text");
    var name = value("portal_name").trim();
    if (nameEl) nameEl.textContent = name || preview.getAttribute("data-office-name") || "";
    var layout = value("banner_layout") || "classic";
    ["classic", "vertical", "horizontal"].forEach(function (l) {
      preview.classList.toggle("fidu-preview-" + l, l === layout);
    });
    preview.setAttribute("data-layout", layout);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
