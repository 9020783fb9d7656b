// The regimen form's phases: a field that only some choices need (the N of "every N days",
// the weekdays, the number of doses, the end date) shows as soon as that choice is made.
// Without this script the server shows them after "Show the fields for these choices".
(function () {
  "use strict";

  function update(form) {
    form.querySelectorAll("[data-shown-when]").forEach(function (row) {
      var decider = form.querySelector("[name='" + row.dataset.shownWhen + "']");
      if (!decider) {
        return;
      }
      var values = row.dataset.shownValues.split(" ");
      row.hidden = values.indexOf(decider.value) === -1;
    });
  }

  document.querySelectorAll("form[data-regimen-steps]").forEach(function (form) {
    form.querySelectorAll("[data-without-script]").forEach(function (button) {
      button.hidden = true;
    });
    form.addEventListener("change", function () {
      update(form);
    });
  });
})();
