// Narrow the unit list of the lab result form to the units of the chosen test (usual first).
// Without JavaScript the list shows every unit grouped by test and the server checks the pair.
(function () {
  "use strict";
  var data = document.getElementById("lab-units-by-test");
  var testPicker = document.querySelector("[data-lab-test-picker]");
  var unitPicker = document.querySelector("[data-lab-unit-picker]");
  if (!data || !testPicker || !unitPicker) {
    return;
  }
  var unitsByTest = JSON.parse(data.textContent);

  function showUnits() {
    var units = unitsByTest[testPicker.value];
    if (!units) {
      return;
    }
    var chosen = unitPicker.value;
    unitPicker.replaceChildren();
    units.forEach(function (unit) {
      var option = document.createElement("option");
      option.value = unit;
      option.textContent = unit;
      option.selected = unit === chosen;
      unitPicker.appendChild(option);
    });
  }

  testPicker.addEventListener("change", showUnits);
  showUnits();
})();
