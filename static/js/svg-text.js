// Charts and the adherence timeline are SVG drawn for a wide screen: on a phone they shrink,
// and their labels with them (6 px on a 375 px screen). This keeps every SVG label at 12 CSS
// px or more as drawn, whatever the scale, and again when the window changes size.
(function () {
  "use strict";
  var MINIMUM_PX = 12;

  function fit() {
    document.querySelectorAll("main svg text").forEach(function (text) {
      var matrix = text.getScreenCTM();
      if (!matrix) {
        return;
      }
      var scale = Math.hypot(matrix.a, matrix.b);
      if (!text.dataset.fontSize) {
        text.dataset.fontSize = parseFloat(getComputedStyle(text).fontSize) || 12;
      }
      var drawn = parseFloat(text.dataset.fontSize) * scale;
      text.style.fontSize = drawn >= MINIMUM_PX || scale === 0
        ? ""
        : (MINIMUM_PX / scale).toFixed(2) + "px";
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fit);
  });
  document.addEventListener("DOMContentLoaded", fit);
  document.addEventListener("htmx:afterSwap", fit);
  window.matchMedia("print").addEventListener("change", fit);
})();
