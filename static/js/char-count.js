// States a text field's limit before anything is typed ("Up to 300 characters") and counts
// as one types. The limit comes from data-maxlength (see templates/django/forms/widgets/
// attrs.html); nothing is cut: the server refuses a longer value and says why.
(function () {
  "use strict";

  function describe(field, note) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids.push(note.id);
    field.setAttribute("aria-describedby", ids.join(" "));
  }

  function attach(field) {
    var limit = parseInt(field.dataset.maxlength, 10);
    if (!limit || field.dataset.counted) {
      return;
    }
    field.dataset.counted = "1";
    var note = document.createElement("div");
    note.className = "form-text char-count";
    note.id = (field.id || field.name) + "-char-count";
    var anchor = field.closest(".input-group") || field;
    anchor.insertAdjacentElement("afterend", note);
    describe(field, note);

    function update() {
      // Array.from counts characters as the server does (an emoji is one, not two).
      var used = Array.from(field.value).length;
      if (used === 0) {
        note.textContent = interpolate(ngettext("Up to %s character.", "Up to %s characters.", limit), [limit]);
      } else if (used <= limit) {
        note.textContent = interpolate(ngettext("%(used)s of %(limit)s character.", "%(used)s of %(limit)s characters.", limit),
          { used: used, limit: limit }, true);
      } else {
        note.textContent = interpolate(ngettext("%(over)s character too many (at most %(limit)s).",
          "%(over)s characters too many (at most %(limit)s).", used - limit), { over: used - limit, limit: limit }, true);
      }
      note.classList.toggle("text-danger", used > limit);
    }
    field.addEventListener("input", update);
    update();
  }

  function attachAll(root) {
    root.querySelectorAll("[data-maxlength]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { attachAll(event.target); });
})();
