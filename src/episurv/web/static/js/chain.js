// The transmission chain as an interactive graph: the chain's JSON (cases/ID/chain.json) laid
// out by Vega's force transform, zoomed with the wheel, the buttons or two fingers (pinch),
// moved by dragging; a click on a person opens their page when the server gave one (inside the
// viewer's jurisdiction). The libraries are those of the charts (charts.js); without script the page
// keeps its server-drawn chain and its table.
(function () {
  "use strict";
  var COLORS = {"case": "#c0392b", "contact": "#2166ac", "hidden": "#9e9e9e"};

  function spec(graph, width, height, description) {
    var dx = "(scale('xs', datum.t.x) - scale('xs', datum.s.x))";
    var dy = "(scale('ys', datum.t.y) - scale('ys', datum.s.y))";
    var angle = "atan2(" + dy + ", " + dx + ")";
    return {
      $schema: "https://vega.github.io/schema/vega/v6.json",
      description: description,
      width: width, height: height, padding: 0, autosize: "none",
      signals: [
        {name: "down", value: null, on: [
          {events: "touchend", update: "null"},
          {events: "mousedown, touchstart", update: "xy()"}]},
        {name: "xcur", value: null,
         on: [{events: "mousedown, touchstart, touchend", update: "slice(xdom)"}]},
        {name: "ycur", value: null,
         on: [{events: "mousedown, touchstart, touchend", update: "slice(ydom)"}]},
        {name: "delta", value: [0, 0], on: [{
          events: [{source: "window", type: "mousemove", consume: true,
                    between: [{type: "mousedown"}, {source: "window", type: "mouseup"}]},
                   {type: "touchmove", consume: true, filter: "event.touches.length === 1"}],
          update: "down ? [down[0] - x(), down[1] - y()] : [0, 0]"}]},
        // The wheel zooms about the pointer; two fingers pinch about the middle of the view.
        {name: "anchor", value: [0, 0],
         on: [{events: "wheel", update: "[invert('xs', x()), invert('ys', y())]"},
              {events: {type: "touchstart", filter: "event.touches.length === 2"},
               update: "[(xdom[0] + xdom[1]) / 2, (ydom[0] + ydom[1]) / 2]"}]},
        // A zoom step is the ratio of the fingers' distance before and after the move (it
        // reads `pinched` before `pinch` takes the new distance: signals update in order).
        {name: "zoom", value: 1, on: [
          {events: "wheel!", force: true,
           update: "pow(1.001, event.deltaY * pow(16, event.deltaMode))"},
          {events: {signal: "pinched"}, force: true,
           update: "pinch > 0 && pinched > 0 ? pinch / pinched : 1"}]},
        {name: "pinch", value: 0, on: [
          {events: {type: "touchstart", filter: "event.touches.length === 2"},
           update: "pinchDistance(event)"},
          {events: {signal: "pinched"}, update: "pinched"}]},
        {name: "pinched", value: 0, on: [
          {events: {type: "touchmove", consume: true, filter: "event.touches.length === 2"},
           update: "pinchDistance(event)"}]},
        // Layout units per pixel that fit the whole chain, never closer than 2.5 px a unit.
        {name: "unit", update: "max((span(xext) + 60) / width, (span(yext) + 60) / height, 0.4)"},
        {name: "fitx", update: "[(xext[0] + xext[1]) / 2 - unit * width / 2, " +
                               "(xext[0] + xext[1]) / 2 + unit * width / 2]"},
        {name: "fity", update: "[(yext[0] + yext[1]) / 2 - unit * height / 2, " +
                               "(yext[0] + yext[1]) / 2 + unit * height / 2]"},
        // The buttons: [factor, count] zooms about the middle; a new count refits.
        {name: "step", value: [1, 0]},
        {name: "refit", value: 0},
        {name: "xdom", update: "slice(fitx)", on: [
          {events: {signal: "refit"}, update: "slice(fitx)"},
          {events: {signal: "step"}, update: "[(xdom[0] + xdom[1]) / 2 - span(xdom) * step[0] / 2, " +
                                             "(xdom[0] + xdom[1]) / 2 + span(xdom) * step[0] / 2]"},
          {events: {signal: "delta"}, update: "[xcur[0] + span(xcur) * delta[0] / width, " +
                                              "xcur[1] + span(xcur) * delta[0] / width]"},
          {events: {signal: "zoom"}, update: "[anchor[0] + (xdom[0] - anchor[0]) * zoom, " +
                                             "anchor[0] + (xdom[1] - anchor[0]) * zoom]"}]},
        {name: "ydom", update: "slice(fity)", on: [
          {events: {signal: "refit"}, update: "slice(fity)"},
          {events: {signal: "step"}, update: "[(ydom[0] + ydom[1]) / 2 - span(ydom) * step[0] / 2, " +
                                             "(ydom[0] + ydom[1]) / 2 + span(ydom) * step[0] / 2]"},
          {events: {signal: "delta"}, update: "[ycur[0] + span(ycur) * delta[1] / height, " +
                                              "ycur[1] + span(ycur) * delta[1] / height]"},
          {events: {signal: "zoom"}, update: "[anchor[1] + (ydom[0] - anchor[1]) * zoom, " +
                                             "anchor[1] + (ydom[1] - anchor[1]) * zoom]"}]},
        // Pixels per layout unit: the codes are written once people stand apart enough.
        {name: "k", update: "width / span(xdom)"}
      ],
      data: [
        {name: "links", values: graph.edges.map(function (e) {
          return {source: e.source, target: e.target};
        })},
        {name: "nodes", values: graph.nodes, transform: [
          {type: "force", static: true, iterations: 300, forces: [
            {force: "center", x: 0, y: 0},
            {force: "collide", radius: 9},
            {force: "nbody", strength: -40, distanceMax: 250},
            {force: "link", links: "links", distance: 30, id: "id"}]},
          {type: "extent", field: "x", signal: "xext"},
          {type: "extent", field: "y", signal: "yext"}]},
        {name: "edges", values: graph.edges, transform: [
          {type: "lookup", from: "nodes", key: "id", fields: ["source", "target"],
           as: ["s", "t"]},
          {type: "filter", expr: "datum.s && datum.t"}]}
      ],
      scales: [
        {name: "xs", type: "linear", zero: false, nice: false, domain: {signal: "xdom"},
         range: [0, {signal: "width"}]},
        {name: "ys", type: "linear", zero: false, nice: false, domain: {signal: "ydom"},
         range: [0, {signal: "height"}]}
      ],
      marks: [{
        type: "group", encode: {enter: {width: {signal: "width"}, height: {signal: "height"},
                                        clip: {value: true}}},
        marks: [
          {type: "rule", from: {data: "edges"}, interactive: false, aria: false, encode: {
            enter: {stroke: {signal: "datum.flagged ? '#c0392b' : '#8a8a8a'"},
                    strokeDash: {signal: "datum.flagged ? [4, 3] : []"}, strokeWidth: {value: 1}},
            update: {x: {scale: "xs", field: "s.x"}, y: {scale: "ys", field: "s.y"},
                     x2: {scale: "xs", field: "t.x"}, y2: {scale: "ys", field: "t.y"}}}},
          {type: "symbol", from: {data: "edges"}, interactive: false, aria: false, encode: {
            enter: {shape: {value: "triangle-up"}, size: {value: 30},
                    fill: {signal: "datum.flagged ? '#c0392b' : '#8a8a8a'"}},
            update: {
              x: {signal: "scale('xs', datum.t.x) - 10 * cos(" + angle + ")"},
              y: {signal: "scale('ys', datum.t.y) - 10 * sin(" + angle + ")"},
              angle: {signal: angle + " * 180 / PI + 90"}}}},
          {type: "symbol", name: "people", from: {data: "nodes"}, encode: {
            enter: {
              size: {signal: "datum.root ? 320 : 120"},
              fill: {signal: "datum.kind === 'case' ? '" + COLORS.case + "' : datum.kind === " +
                             "'contact' ? '" + COLORS.contact + "' : '" + COLORS.hidden + "'"},
              stroke: {signal: "datum.root ? '#000000' : '#ffffff'"},
              strokeWidth: {signal: "datum.root ? 2.5 : 1"},
              cursor: {signal: "datum.href ? 'pointer' : 'default'"},
              tooltip: {field: "title"}, description: {field: "title"}},
            update: {x: {scale: "xs", field: "x"}, y: {scale: "ys", field: "y"}}}},
          {type: "text", from: {data: "nodes"}, interactive: false, aria: false, encode: {
            enter: {text: {field: "label"}, align: {value: "center"}, baseline: {value: "bottom"},
                    fontSize: {value: 11}, fill: {value: "#222222"}},
            update: {x: {scale: "xs", field: "x"}, y: {scale: "ys", field: "y", offset: -8},
                     opacity: {signal: "k >= 1.2 || datum.root ? 1 : 0"}}}}
        ]
      }]
    };
  }

  function draw(section, graph) {
    var target = section.querySelector(".chain-graph");
    var width = Math.max(280, target.clientWidth);
    var height = Math.round(Math.min(640, Math.max(360, width * 0.7),
                                     window.innerHeight * 0.7));
    return window.vegaEmbed(target, spec(graph, width, height,
                                         target.getAttribute("data-description")),
                            {actions: false, ast: true, renderer: "svg", mode: "vega"})
      .then(function (result) {
        var view = result.view;
        var pressed = null;
        // A drag that ends on a person moves the graph; only a click without moving opens.
        target.addEventListener("pointerdown", function (event) {
          pressed = [event.clientX, event.clientY];
        });
        view.addEventListener("click", function (event, item) {
          var moved = pressed && Math.abs(event.clientX - pressed[0]) +
                                 Math.abs(event.clientY - pressed[1]) > 5;
          if (!moved && item && item.mark && item.mark.name === "people" && item.datum.href) {
            window.location.assign(item.datum.href);
          }
        });
        var count = 0;
        section.querySelectorAll("button[data-zoom]").forEach(function (button) {
          button.addEventListener("click", function () {
            var how = button.getAttribute("data-zoom");
            count += 1;
            if (how === "fit") view.signal("refit", count);
            else view.signal("step", [how === "in" ? 0.6 : 1 / 0.6, count]);
            view.runAsync();
          });
        });
        section.setAttribute("data-state", "live");
      });
  }

  function start() {
    var section = document.querySelector("section.chain-live[data-chain-src]");
    if (!section || !window.episurvVega) return;
    section.hidden = false;
    Promise.all([
      fetch(section.getAttribute("data-chain-src"), {credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) throw new Error("chain: HTTP " + response.status);
          return response.json();
        }),
      window.episurvVega.libraries()
    ]).then(function (both) { return draw(section, both[0]); })
      .catch(function (error) {
        section.hidden = true;
        section.setAttribute("data-error", String(error));
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
