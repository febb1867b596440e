// The report's item index follows what the applicant writes: autosave.js keeps each item's character
// count (the element named by the index entry's data-count-id) up to date, and the entry shows it as the
// item's state, "empty" or "drafted · N characters", with the number of items written above the list.
(function () {
  "use strict";
  var index = document.getElementById("report-index");
  if (!index || !window.MutationObserver) return;
  var entries = Array.prototype.slice.call(index.querySelectorAll("[data-count-id]"));
  var summary = document.getElementById("report-index-summary");

  function count(entry) {
    var counter = document.getElementById(entry.dataset.countId);
    return counter ? parseInt(counter.textContent, 10) || 0 : 0;
  }

  function show(entry) {
    var badge = entry.querySelector(".report-index-state");
    var n = count(entry);
    var template = n === 0 ? badge.dataset.emptyText : (n === 1 ? badge.dataset.oneText : badge.dataset.otherText);
    badge.textContent = template.replace("{count}", n);
    badge.classList.toggle("text-bg-success", n > 0);
    badge.classList.toggle("text-bg-light", n === 0);
    badge.classList.toggle("border", n === 0);
  }

  function summarise() {
    if (!summary) return;
    var written = entries.filter(function (entry) { return count(entry) > 0; }).length;
    summary.textContent = summary.dataset.template.replace("{done}", written).replace("{total}", entries.length);
  }

  entries.forEach(function (entry) {
    var counter = document.getElementById(entry.dataset.countId);
    if (!counter) return;
    new MutationObserver(function () { show(entry); summarise(); }).observe(counter, {childList: true, characterData: true, subtree: true});
  });
})();
