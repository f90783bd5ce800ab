// Weekly crew grid: live totals, arrow keys between cells, and a day-by-day view on phones.
(function () {
  "use strict";
  var table = document.getElementById("week-grid");
  if (!table) { return; }
  var picker = document.querySelector(".day-picker");
  var phone = window.matchMedia("(max-width: 575.98px)");

  function number(text) {
    var value = parseFloat(String(text || "").replace(",", ".").replace(/h$/i, "").trim());
    return isNaN(value) ? 0 : value;
  }
  // One number format per language: the page's own ("7,5 h" in Finnish, "7.5 h" in English).
  var separator = table.getAttribute("data-decimal") || ",";
  function format(value) {
    var text = (Math.round(value * 100) / 100).toString().replace(".", separator);
    return text + "\u00a0h";
  }
  function cellValue(td) {
    var input = td.querySelector(".hours-input");
    if (input) { return number(input.value); }
    var shown = td.querySelector(".cell-value");
    return shown ? number(shown.getAttribute("data-hours")) : 0;
  }
  function recount() {
    var dayTotals = [0, 0, 0, 0, 0, 0, 0];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var rowTotal = 0;
      tr.querySelectorAll("td.day-col").forEach(function (td, index) {
        var value = cellValue(td);
        rowTotal += value;
        dayTotals[index] += value;
      });
      var cell = tr.querySelector(".row-total");
      if (cell) { cell.textContent = format(rowTotal); }
    });
    table.querySelectorAll("tfoot .day-total").forEach(function (td, index) {
      td.textContent = format(dayTotals[index]);
    });
    var grand = table.querySelector(".grand-total");
    if (grand) { grand.textContent = format(dayTotals.reduce(function (a, b) { return a + b; }, 0)); }
  }
  table.addEventListener("input", function (event) {
    if (event.target.classList.contains("hours-input")) { recount(); }
    markCell(event.target);
  });

  // Cells typed into and not saved yet are marked, and leaving the page with them asks
  // first (the server marks the cells of a save that did not go through the same way).
  var form = document.getElementById("week-form");
  var submitting = false;
  function changed(input) {
    return input.value !== input.defaultValue;
  }
  function markCell(input) {
    var td = input.closest("td");
    if (!td || !input.classList.contains("form-control")) { return; }
    var inputs = td.querySelectorAll("input.form-control");
    var dirty = Array.prototype.some.call(inputs, changed);
    td.classList.toggle("unsaved", dirty || td.hasAttribute("data-server-unsaved"));
  }
  table.querySelectorAll("td.unsaved").forEach(function (td) {
    td.setAttribute("data-server-unsaved", "");
  });
  function hasUnsaved() {
    if (!form) { return false; }
    if (form.hasAttribute("data-unsaved")) { return true; }
    return Array.prototype.some.call(form.querySelectorAll("input.form-control"), changed);
  }
  // What was typed and not saved is also kept in this browser tab (sessionStorage, gone
  // when the tab closes): after a failed or offline save, going back offers it again.
  var draftKey = form && form.getAttribute("data-draft-key");
  var storage = null;
  try { storage = window.sessionStorage; } catch (error) { storage = null; }
  function keepDraft() {
    if (!storage || !draftKey) { return; }
    var values = {};
    var count = 0;
    form.querySelectorAll("td input.form-control").forEach(function (input) {
      if (changed(input)) { values[input.name] = input.value; count++; }
    });
    try {
      if (count) { storage.setItem(draftKey, JSON.stringify(values)); }
      else { storage.removeItem(draftKey); }
    } catch (error) { /* storage full or blocked: the form itself still holds the values */ }
  }
  function offerDraft() {
    if (!storage || !draftKey) { return; }
    var values;
    try { values = JSON.parse(storage.getItem(draftKey) || "null"); } catch (error) { values = null; }
    if (!values) { return; }
    var pending = [];
    Object.keys(values).forEach(function (name) {
      var input = form.querySelector('td input.form-control[name="' + CSS.escape(name) + '"]');
      if (input && input.value !== values[name]) { pending.push([input, values[name]]); }
    });
    var bar = document.querySelector(".draft-bar");
    if (!pending.length || !bar) { storage.removeItem(draftKey); return; }
    var text = bar.querySelector(".draft-text");
    text.textContent = text.getAttribute("data-text").replace("{count}", String(pending.length));
    bar.hidden = false;
    bar.querySelector(".draft-restore").addEventListener("click", function () {
      pending.forEach(function (pair) { pair[0].value = pair[1]; markCell(pair[0]); });
      recount();
      bar.hidden = true;
    });
    bar.querySelector(".draft-discard").addEventListener("click", function () {
      storage.removeItem(draftKey);
      bar.hidden = true;
    });
  }
  if (form) {
    offerDraft();
    table.addEventListener("input", keepDraft);
    form.addEventListener("submit", function () { submitting = true; keepDraft(); });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !hasUnsaved()) { return undefined; }
      event.preventDefault();
      event.returnValue = form.getAttribute("data-leave-warning") || "";
      return event.returnValue;
    });
  }

  // Up and down arrows move to the same day on the row above or below.
  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList.contains("hours-input")) { return; }
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") { return; }
    var inputs = Array.prototype.slice.call(
      table.querySelectorAll('.hours-input[data-day="' + input.getAttribute("data-day") + '"]')
    );
    var next = inputs[inputs.indexOf(input) + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) { event.preventDefault(); next.focus(); next.select(); }
  });

  // Notes stay out of the way until asked for (a note already written is always shown).
  var notesToggle = document.querySelector(".notes-toggle");
  if (notesToggle) {
    table.classList.add("hide-notes");
    notesToggle.hidden = false;
    notesToggle.setAttribute("aria-pressed", "false");
    notesToggle.addEventListener("click", function () {
      var hidden = table.classList.toggle("hide-notes");
      notesToggle.setAttribute("aria-pressed", hidden ? "false" : "true");
    });
  }

  function showDay(index) {
    for (var day = 0; day < 7; day++) { table.classList.remove("show-day-" + day); }
    table.classList.add("show-day-" + index);
    picker.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-day") === String(index) ? "true" : "false");
    });
  }
  function applyLayout() {
    if (!picker) { return; }
    if (phone.matches) {
      table.classList.add("day-view");
      picker.hidden = false;
      if (!/show-day-/.test(table.className)) {
        var firstError = table.querySelector(".has-error");
        var today = (new Date().getDay() + 6) % 7;
        showDay(firstError ? Array.prototype.indexOf.call(firstError.parentNode.children, firstError) - 1 : today);
      }
    } else {
      table.classList.remove("day-view");
      picker.hidden = true;
    }
  }
  if (picker) {
    picker.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-day]");
      if (button) { showDay(Number(button.getAttribute("data-day"))); }
    });
  }
  phone.addEventListener("change", applyLayout);
  applyLayout();
})();
