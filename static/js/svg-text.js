// Charts and the adherence timeline are SVG drawn for a wide screen: on a phone they shrink,
// and their labels with them (6 px on a 375 px screen). This keeps every SVG label at 12 CSS
// px or more as drawn, whatever the scale, and again when the window changes size. Printed,
// they are left as drawn.
(function () {
  "use strict";
  var MINIMUM_PX = 12;

  var printing = window.matchMedia("print");

  function fit() {
    var onPaper = printing.matches;
    document.querySelectorAll("main svg text").forEach(function (text) {
      if (onPaper) {
        text.style.fontSize = "";  // paper is wide: the charts print as drawn
        return;
      }
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
  printing.addEventListener("change", fit);
  window.addEventListener("beforeprint", fit);
  window.addEventListener("afterprint", fit);
})();
