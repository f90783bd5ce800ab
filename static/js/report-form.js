// The report request form shows only the fields the chosen report and period need:
// a field marked data-shown-by="kind" data-shown-for="village" is shown while the "kind"
// choice is "village". Without this script every field is shown, as before.
(function () {
  "use strict";
  var fields = document.querySelectorAll("[data-shown-by]");
  if (!fields.length) { return; }
  var form = fields[0].form;
  function wrapper(field) {
    return document.getElementById("div_" + field.id) || field.closest(".mb-3") || field.parentNode;
  }
  function update() {
    Array.prototype.forEach.call(fields, function (field) {
      var controller = form.elements.namedItem(field.getAttribute("data-shown-by"));
      var shown = !controller || controller.value === field.getAttribute("data-shown-for");
      wrapper(field).hidden = !shown;
    });
  }
  form.addEventListener("change", update);
  update();
})();
