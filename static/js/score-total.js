// The score sheet's running total. Each select[data-item-points] holds a percentage of its item's points;
// the points of each item and the sheet's total are recomputed whenever a percentage changes. Sums are
// kept in hundredths of a point (points × percent), so no floating-point error creeps in, and shown as
// the "points" template filter shows them: at most one decimal place, rounded half up.
(function () {
  "use strict";
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-item-points]"));
  var total = document.getElementById("sheet-total");
  if (!selects.length || !total) return;

  function format(hundredths) {
    var tenths = Math.round(hundredths / 10);
    return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  }

  function hundredths(select) {
    if (!/^\d+$/.test(select.value)) return null;
    return parseInt(select.dataset.itemPoints, 10) * parseInt(select.value, 10);
  }

  function update() {
    var sum = 0;
    selects.forEach(function (select) {
      var value = hundredths(select);
      var output = document.getElementById(select.dataset.pointsOutput);
      if (output) output.textContent = value === null ? "—" : format(value);
      if (value !== null) sum += value;
    });
    total.textContent = format(sum);
  }

  selects.forEach(function (select) { select.addEventListener("change", update); });
  update();
})();
