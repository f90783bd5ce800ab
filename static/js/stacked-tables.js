// Tables become stacked rows on a phone (CSS in ryhma.css): each cell is labelled with its
// column's header here, and the table keeps its roles for screen readers once its CSS
// display is no longer "table". A table opts out with the class "no-stack".
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.table:not(.week-grid):not(.no-stack)");
  Array.prototype.forEach.call(tables, function (table) {
    var headers = [];
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (head) {
      Array.prototype.forEach.call(head.cells, function (cell) {
        var span = cell.colSpan || 1;
        for (var i = 0; i < span; i++) { headers.push(cell.textContent.replace(/\s+/g, " ").trim()); }
      });
    }
    table.classList.add("stack-sm");
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = row.parentNode.tagName === "THEAD";
        if (inHead) {
          cell.setAttribute("role", "columnheader");
        } else if (cell.tagName === "TH") {
          cell.setAttribute("role", "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        var label = headers[column];
        if (!inHead && label && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", label);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
