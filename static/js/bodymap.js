// Body map enhancement: picking a site on the map ticks the matching radio button in place.
// Without this script the map's links reload the form with ?site=…, and the radios still work.
(function () {
  "use strict";

  function mapFor(form) {
    return form.querySelector(".body-map-selectable");
  }

  function regions(form) {
    return Array.prototype.slice.call(mapFor(form).querySelectorAll("a[data-site]"));
  }

  function showSelected(form, code) {
    regions(form).forEach(function (region) {
      var selected = region.getAttribute("data-site") === code;
      region.setAttribute("aria-checked", selected ? "true" : "false");
      region.classList.toggle("site-selected", selected);
    });
  }

  function select(form, code) {
    var radio = form.querySelector('input[name="site"][value="' + code + '"]');
    if (radio) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
    showSelected(form, code);
  }

  function showRoute(form) {
    var route = form.querySelector('input[name="route"]:checked');
    var value = route ? route.value : "";
    regions(form).forEach(function (region) {
      region.classList.toggle("route-other", region.getAttribute("data-route") !== value);
    });
    form.querySelectorAll(".site-option").forEach(function (option) {
      option.classList.toggle("route-other", option.getAttribute("data-route") !== value);
    });
  }

  document.querySelectorAll("form.dose-form").forEach(function (form) {
    if (!mapFor(form)) {
      return;
    }
    regions(form).forEach(function (region) {
      var code = region.getAttribute("data-site");
      region.addEventListener("click", function (event) {
        event.preventDefault();
        select(form, code);
      });
      region.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar" || event.key === "Enter") {
          event.preventDefault();
          select(form, code);
        }
      });
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "site") {
        showSelected(form, event.target.value);
      }
      if (event.target.name === "route") {
        showRoute(form);
      }
    });
    showRoute(form);
  });
})();
