// Behaviour every page shares, kept out of the templates: the Content-Security-Policy allows no inline
// script. A <select data-submit-on-change> (the language selector) submits its form when changed.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });
})();
