// Interactive charts: every SVG the server drew carries its Vega-Lite spec (data-vega-spec);
// here it is redrawn next to it with vega-embed (tooltips with the day's figures, zoom where
// the spec allows it, the width of the page), then the server's SVG is hidden. The libraries
// load only on pages that have a chart; without script the server's SVG stays.
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

  function draw(svg) {
    var spec = prepare(JSON.parse(svg.getAttribute("data-vega-spec")));
    var target = document.createElement("div");
    target.className = "vega-live";
    svg.parentNode.insertBefore(target, svg.nextSibling);
    // ast: Vega's own expression interpreter, no eval: works under a strict CSP.
    return window.vegaEmbed(target, spec, {actions: false, ast: true, renderer: "svg"})
      .then(function () {
        svg.classList.add("vega-replaced");
        target.classList.add("live");
      })
      .catch(function (error) {
        target.remove();
        svg.setAttribute("data-error", String(error));
      });
  }

  var loading = null;
  // The libraries, loaded once for every drawing of the page (charts.js, chain.js).
  function libraries() {
    if (!loading) {
      loading = LIBS.reduce(function (chain, src) {
        return chain.then(function () { return load(src); });
      }, Promise.resolve());
    }
    return loading;
  }
  window.episurvVega = {libraries: libraries};

  function start() {
    var charts = document.querySelectorAll("svg[data-vega-spec]");
    if (!charts.length) return;
    libraries()
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
