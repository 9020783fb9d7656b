// When a role is chosen on the invitation form, tick the capabilities that role usually has
// (data-default-for on each checkbox, from accounts.models.ROLE_DEFAULT_CAPABILITIES) and
// untick the others; the inviter may still change any of them before sending.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[type=checkbox][data-default-for]");
  document.querySelectorAll("input[type=radio][name=role]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = box.dataset.defaultFor.split(" ").indexOf(radio.value) !== -1;
      });
    });
  });
})();
