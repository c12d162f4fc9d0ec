// The personal check-in form: every check-in is first written to a queue in this phone's
// localStorage with an id made here, then sent; what is not acknowledged stays queued and is
// sent again when the connection returns. The server stores an id once, so a resend after a
// lost answer is not counted twice. No library, no network but this site's own API.
// The link's token is its fragment (/c/1#TOKEN): the browser never sends a fragment, so the
// token reaches no server log and no Referer; it goes only in the X-Checkin-Token header.
(function () {
  "use strict";
  var form = document.getElementById("checkin");
  if (!form) { return; }
  var url = form.getAttribute("data-post");
  var token = "";
  try { token = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { token = ""; }
  // The queue's key is the one used when the token was in the address: what a phone queued
  // then is sent now.
  var KEY = "episurv-checkins:" + url + "/" + token;
  var result = document.getElementById("result");
  var pending = document.getElementById("pending");
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function invalid() {
    document.getElementById("valid").hidden = true;
    document.getElementById("invalid").hidden = false;
  }
  function show(kind, text) {
    result.className = kind;
    result.textContent = text;
  }
  function showPending() {
    var n = load().length;
    pending.textContent = n ? form.getAttribute("data-msg-pending") + " " + n : "";
  }
  function message(answer) {
    var text = form.getAttribute("data-msg-" + answer.colour);
    var reasons = answer.reasons_text || [];
    return reasons.length ? text + " (" + reasons.join("; ") + ")" : text;
  }
  function readForm() {
    var body = { client_id: uuid(), measured_at: new Date().toISOString(), symptoms: [] };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "submit") { return; }
      if (el.type === "checkbox") { if (el.checked) { body.symptoms.push(el.value); } return; }
      if (el.value !== "") { body[el.name] = Number(el.value); }
    });
    return body;
  }

  function flush() {
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { showPending(); return; }
    sending = true;
    var item = queue[0];
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url + "?lang=" + document.documentElement.lang);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("X-Checkin-Token", token);
    xhr.timeout = 15000;
    xhr.onload = function () {
      sending = false;
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
      if (xhr.status === 200 || xhr.status === 201) {
        save(load().filter(function (q) { return q.client_id !== item.client_id; }));
        show(answer.colour, message(answer));
        showPending();
        flush();
      } else if (xhr.status === 422 || xhr.status === 404) {
        // Refused for good (a value out of range, a link no longer valid): not sent again.
        save(load().filter(function (q) { return q.client_id !== item.client_id; }));
        show("red", form.getAttribute("data-msg-invalid") + " " + (answer.detail || xhr.status));
        showPending();
      } else {
        retryLater();  // 429, 5xx: kept, sent again later
      }
    };
    xhr.onerror = xhr.ontimeout = function () { sending = false; retryLater(); };
    xhr.send(JSON.stringify(item));
  }
  function retryLater() {
    show("queued", form.getAttribute("data-msg-queued"));
    showPending();
  }

  if (!token) { invalid(); return; }
  // Is the link still valid? Only a clear "no" (404) says so; no answer keeps the form usable
  // offline.
  var status = new XMLHttpRequest();
  status.open("GET", url);
  status.setRequestHeader("X-Checkin-Token", token);
  status.onload = function () { if (status.status === 404) { invalid(); } };
  status.send();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var queue = load();
    queue.push(readForm());
    save(queue);
    form.reset();
    if (!navigator.onLine) { retryLater(); return; }
    flush();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  flush();
})();
