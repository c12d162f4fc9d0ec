// Copy buttons: <button data-copy="#id"> puts that element's text on the clipboard (the
// bulletin text of the dashboard, the public report and the national report, to paste into the
// evening report) and says so for two seconds. Where the browser keeps the clipboard from the
// page (a page not served over HTTPS), the text is selected for the reader to copy.
(function () {
  "use strict";
  function select(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    if (!navigator.clipboard) {
      select(source);
      return;
    }
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      button.textContent = button.getAttribute("data-copied") || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    }, function () { select(source); });
  });
})();
