// Dates the Vietnamese way on Vietnamese pages: each <input type="date"> becomes a text field
// written dd/mm/yyyy with a small calendar beside it, while the form still sends the day as
// YYYY-MM-DD in a hidden field of the same name (so links and the server read one form). The
// field also takes a day typed as YYYY-MM-DD. English pages keep the browser's date input, and
// without script every page does; the server reads dd/mm/yyyy as well (web/dates.py).
(function () {
  "use strict";
  if (document.documentElement.lang !== "vi") return;
  var WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var COPIED = ["id", "required", "min", "max", "data-testid", "aria-describedby", "title"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }
  function shown(d) { return pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear(); }

  // A day as typed: d/m/yyyy (one or two digits) or YYYY-MM-DD; null when it is no real day.
  function read(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
    var y, mo, d;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; } else {
      m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
      if (!m) return null;
      y = +m[1]; mo = +m[2]; d = +m[3];
    }
    var day = new Date(Date.UTC(y, mo - 1, d));
    return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d ? day : null;
  }

  // The button's picture: drawn here, not an emoji, which a machine without an emoji font
  // draws as an empty box. The button's aria-label names it; the picture itself is hidden.
  var SVG = "http://www.w3.org/2000/svg";
  function calendarIcon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "datefield-icon");
    [["rect", {x: 1.5, y: 3, width: 13, height: 11.5, rx: 1.5, fill: "none"}],
     ["path", {d: "M1.5 6.5h13M5 1.5v3M11 1.5v3", fill: "none"}],
     ["path", {d: "M4 9h2v2H4zM7 9h2v2H7zM10 9h2v2h-2z", stroke: "none", fill: "currentColor"}]
    ].forEach(function (part) {
      var el = document.createElementNS(SVG, part[0]);
      Object.keys(part[1]).forEach(function (k) { el.setAttribute(k, part[1][k]); });
      svg.appendChild(el);
    });
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "1.3");
    return svg;
  }

  function enhance(original) {
    var field = document.createElement("input");
    field.type = "text";
    field.inputMode = "numeric";
    field.autocomplete = "off";
    field.placeholder = "dd/mm/yyyy";
    field.pattern = "\\s*\\d{1,2}/\\d{1,2}/\\d{4}\\s*|\\d{4}-\\d{2}-\\d{2}";
    field.className = "datefield";
    COPIED.forEach(function (name) {
      if (original.hasAttribute(name)) {
        field.setAttribute(name, original.getAttribute(name));
        original.removeAttribute(name);
      }
    });
    var min = field.getAttribute("min"), max = field.getAttribute("max");
    field.removeAttribute("min");
    field.removeAttribute("max");
    var start = read(original.value);
    field.value = start ? shown(start) : original.value;
    original.type = "hidden";
    original.insertAdjacentElement("afterend", field);

    // The hidden field follows what is typed before the change reaches the form (htmx).
    function sync() {
      var day = read(field.value);
      original.value = day ? iso(day) : field.value.trim();
      field.setCustomValidity(field.value.trim() && !day ? "Ngày viết theo dạng dd/mm/yyyy" : "");
    }
    field.addEventListener("input", sync);
    field.addEventListener("change", sync);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "datefield-open alt";
    button.setAttribute("aria-label", "Mở lịch");
    button.setAttribute("aria-expanded", "false");
    button.appendChild(calendarIcon());
    // Beside the field's label, not in it: the label names the field alone.
    var anchor = original.closest("label") || field;
    anchor.insertAdjacentElement("afterend", button);
    var panel = null;

    function close() {
      if (panel) panel.remove();
      panel = null;
      button.setAttribute("aria-expanded", "false");
    }

    function draw(month) {
      panel.innerHTML = "";
      var head = document.createElement("div");
      head.className = "datefield-head";
      var prev = document.createElement("button"), next = document.createElement("button");
      var title = document.createElement("span");
      prev.type = next.type = "button";
      prev.textContent = "‹";
      next.textContent = "›";
      prev.setAttribute("aria-label", "Tháng trước");
      next.setAttribute("aria-label", "Tháng sau");
      title.textContent = "Tháng " + (month.getUTCMonth() + 1) + "/" + month.getUTCFullYear();
      title.setAttribute("aria-live", "polite");
      prev.addEventListener("click", function () {
        draw(new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 1, 1)));
      });
      next.addEventListener("click", function () {
        draw(new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1)));
      });
      head.append(prev, title, next);
      var grid = document.createElement("div");
      grid.className = "datefield-grid";
      WEEKDAYS.forEach(function (w) {
        var cell = document.createElement("span");
        cell.textContent = w;
        cell.setAttribute("aria-hidden", "true");
        grid.append(cell);
      });
      var first = (month.getUTCDay() + 6) % 7;  // Monday first, as Vietnamese calendars are
      for (var i = 0; i < first; i++) grid.append(document.createElement("span"));
      var chosen = read(field.value);
      var day = new Date(month.getTime());
      while (day.getUTCMonth() === month.getUTCMonth()) {
        var b = document.createElement("button");
        var value = iso(day);
        b.type = "button";
        b.textContent = day.getUTCDate();
        // Named as the day is written, starting with the number shown on it.
        b.setAttribute("aria-label", day.getUTCDate() + "/" + (day.getUTCMonth() + 1) + "/" +
                       day.getUTCFullYear());
        b.setAttribute("data-day", value);
        if (chosen && value === iso(chosen)) b.setAttribute("aria-pressed", "true");
        if ((min && value < min) || (max && value > max)) b.disabled = true;
        b.addEventListener("click", function (event) {
          field.value = shown(read(event.currentTarget.getAttribute("data-day")));
          sync();
          field.dispatchEvent(new Event("change", {bubbles: true}));
          close();
          field.focus();
        });
        grid.append(b);
        day = new Date(day.getTime() + 86400000);
      }
      panel.append(head, grid);
    }

    button.addEventListener("click", function () {
      if (panel) { close(); return; }
      panel = document.createElement("div");
      panel.className = "datefield-panel";
      panel.setAttribute("role", "group");
      panel.setAttribute("aria-label", "Lịch");
      var at = read(field.value) || (max && read(max)) || new Date();
      draw(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)));
      button.insertAdjacentElement("afterend", panel);
      button.setAttribute("aria-expanded", "true");
      var focus = panel.querySelector("[aria-pressed=true]") || panel.querySelector(".datefield-grid button:not([disabled])");
      if (focus) focus.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (panel && event.key === "Escape") { close(); button.focus(); }
    });
  }

  function start(root) {
    root.querySelectorAll('input[type="date"]').forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
  // Content htmx swaps in gets the same fields.
  document.addEventListener("htmx:load", function (event) { start(event.target); });
})();
