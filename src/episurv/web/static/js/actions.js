// Small actions a page asks for by attribute, as the site's Content-Security-Policy
// (script-src 'self') refuses inline handlers such as onclick="window.print()":
// - <button data-print> prints the page (a release certificate, a personal link's QR code);
// - a field with data-submit-on-change sends its form when changed (the worklist's "as of"),
//   where a form without script shows its own button (<noscript>).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-print]") : null;
    if (button) window.print();
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.submit();
    }
  });
})();
