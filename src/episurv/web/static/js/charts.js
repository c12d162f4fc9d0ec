// Interactive charts: every .vega-chart carries the Vega-Lite spec of the SVG the server drew;
// here it is redrawn with vega-embed (tooltips with the day's figures, zoom where the spec
// allows it, the width of the page). The libraries load only on pages that have a chart, and
// the server's SVG stays in place until the live chart is drawn (and when script is off).
(function () {
  "use strict";
  var LIBS = ["/static/vendor/vega-6.4.0.min.js", "/static/vendor/vega-lite-6.4.1.min.js",
              "/static/vendor/vega-embed-7.3.0.min.js"];

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function prepare(spec) {
    spec.config = spec.config || {};
    // Every mark answers a hover with the fields it encodes (day, kind, count).
    spec.config.mark = Object.assign({tooltip: {content: "encoding"}}, spec.config.mark || {});
    var single = !(spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat);
    var fixed = spec.usermeta && spec.usermeta.fixed_size;
    if (single && !fixed && typeof spec.width === "number") {
      spec.width = "container";
      spec.autosize = {type: "fit-x", contains: "padding"};
    }
    return spec;
  }

  function draw(el) {
    var spec = prepare(JSON.parse(el.getAttribute("data-spec")));
    var target = document.createElement("div");
    target.className = "vega-live";
    el.appendChild(target);
    // ast: Vega's own expression interpreter, no eval: works under a strict CSP.
    return window.vegaEmbed(target, spec, {actions: false, ast: true, renderer: "svg"})
      .then(function () { el.classList.add("live"); })
      .catch(function (error) {
        target.remove();
        el.setAttribute("data-error", String(error));
      });
  }

  function start() {
    var charts = document.querySelectorAll(".vega-chart[data-spec]");
    if (!charts.length) return;
    LIBS.reduce(function (chain, src) { return chain.then(function () { return load(src); }); },
                Promise.resolve())
      .then(function () { charts.forEach(draw); })
      .catch(function (error) {
        charts.forEach(function (el) { el.setAttribute("data-error", String(error)); });
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
