// Loaded in <head>, before the page is drawn, so a dark page never flashes white. The server
// writes the person's choice on <html data-colour-scheme="auto|light|dark">; "auto" follows
// the device's setting, and changes with it. Printing is always light.
(function () {
  "use strict";
  var root = document.documentElement;
  var choice = root.getAttribute("data-colour-scheme") || "auto";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function apply() {
    var scheme = choice === "auto" ? (dark.matches ? "dark" : "light") : choice;
    root.setAttribute("data-bs-theme", scheme);
  }

  apply();
  dark.addEventListener("change", apply);
  window.addEventListener("beforeprint", function () { root.setAttribute("data-bs-theme", "light"); });
  window.addEventListener("afterprint", apply);
})();
