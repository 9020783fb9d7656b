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

  // Sites of the other route cannot be picked: faded and without a link on the map (the page
  // draws them so), their radios disabled (and unticked, if the route just changed under them).
  function showRoute(form) {
    var route = form.querySelector('input[name="route"]:checked');
    var value = route ? route.value : "";
    regions(form).forEach(function (region) {
      var other = Boolean(value) && region.getAttribute("data-route") !== value;
      region.classList.toggle("route-other", other);
      // Without a link a site is neither reached with Tab nor followed with a tap.
      if (other) {
        region.setAttribute("aria-disabled", "true");
        region.removeAttribute("href");
      } else {
        region.removeAttribute("aria-disabled");
        region.setAttribute("href", region.getAttribute("data-href"));
      }
    });
    form.querySelectorAll(".site-option").forEach(function (option) {
      var other = Boolean(value) && option.getAttribute("data-route") !== value;
      option.classList.toggle("route-other", other);
      var radio = option.querySelector('input[name="site"]');
      if (radio) {
        radio.disabled = other;
        if (other && radio.checked) {
          radio.checked = false;
          showSelected(form, "");
        }
      }
    });
  }

  function pickable(region) {
    return region.getAttribute("aria-disabled") !== "true";
  }

  document.querySelectorAll("form.dose-form").forEach(function (form) {
    if (!mapFor(form)) {
      return;
    }
    regions(form).forEach(function (region) {
      var code = region.getAttribute("data-site");
      region.addEventListener("click", function (event) {
        event.preventDefault();
        if (pickable(region)) {
          select(form, code);
        }
      });
      region.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar" || event.key === "Enter") {
          event.preventDefault();
          if (pickable(region)) {
            select(form, code);
          }
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
