// The phone menu: the navigation folds behind one button. Without this script it stays open.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function setUp() {
    var button = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      // On a phone the whole menu is one list: show the folded group too.
      nav.querySelectorAll("details.nav-more").forEach(function (d) { d.open = open; });
    });
    // A folded group (<details>) closes when the user clicks elsewhere or presses Escape.
    document.addEventListener("click", function (event) {
      if (nav.classList.contains("open")) return;
      document.querySelectorAll("details.nav-more[open]").forEach(function (d) {
        if (!d.contains(event.target)) d.removeAttribute("open");
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll("details.nav-more[open]").forEach(function (d) {
        d.removeAttribute("open");
      });
      if (nav.classList.contains("open")) {
        nav.classList.remove("open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
