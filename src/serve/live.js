// Live reload for `prospectus serve`. Served as /__prospectus/live.js and added to
// HTML responses by the server only: the built site never contains it.
// Diagnostics are shown with DOM nodes and textContent, never as HTML.
(function () {
  "use strict";
  var OVERLAY_ID = "prospectus-problems";

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var swapped = 0;
    links.forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (paths.indexOf(url.pathname) < 0) return;
      url.searchParams.set("prospectus-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
      swapped += 1;
    });
    if (swapped === 0) location.reload();
  }

  function clearOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(style || {}).forEach(function (key) { node.style[key] = style[key]; });
    return node;
  }

  function showOverlay(problems) {
    clearOverlay();
    var box = element("section", "", {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", padding: "2rem",
      background: "rgba(20, 20, 24, 0.94)", color: "#f4f4f5", font: "14px/1.5 ui-monospace, monospace"
    });
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build errors");
    box.appendChild(element("h2", "The content has errors: showing the last good site", { color: "#fca5a5", margin: "0 0 1rem" }));
    var list = element("ol", "", { margin: "0", padding: "0 0 0 1.5rem" });
    problems.forEach(function (p) {
      var item = element("li", "", { marginBottom: "1rem" });
      var where = p.file ? p.file + (p.line ? ":" + p.line + ":" + (p.column || 1) : "") : "";
      if (where) item.appendChild(element("div", where, { color: "#93c5fd" }));
      item.appendChild(element("div", p.message, { fontWeight: "bold", whiteSpace: "pre-wrap" }));
      if (p.hint) item.appendChild(element("div", "help: " + p.hint, { color: "#86efac", whiteSpace: "pre-wrap" }));
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = element("button", "Hide", { marginTop: "1rem" });
    close.type = "button";
    close.addEventListener("click", clearOverlay);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  var source = new EventSource("/__prospectus/events");
  // Says the stream is open (and when it reconnects), so tools and tests can wait for it.
  source.addEventListener("open", function () { document.documentElement.dataset.prospectusLive = "open"; });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (event) { swapStylesheets(JSON.parse(event.data)); });
  // A new search index replaces the old one's files: only a page that searches needs reloading.
  source.addEventListener("search", function () {
    if (document.querySelector('script[src*="search.js"]')) location.reload();
  });
  source.addEventListener("problems", function (event) { showOverlay(JSON.parse(event.data)); });
  source.addEventListener("fixed", clearOverlay);
})();
