// Live reload for `prospectus serve`. Served as /__prospectus/live.js and added to
// HTML responses by the server only: the built site never contains it.
// Diagnostics are shown with DOM nodes and textContent, never as HTML.
(function () {
  "use strict";
  var OVERLAY_ID = "prospectus-problems";
  var STYLE_PATH = "/__prospectus/live.css";

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

  // Focus goes back where it was when the view is hidden.
  var focusedBefore = null;

  function clearOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (!old) return;
    old.remove();
    if (focusedBefore && document.contains(focusedBefore)) focusedBefore.focus();
    focusedBefore = null;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function ensureStyle() {
    if (document.querySelector('link[href="' + STYLE_PATH + '"]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLE_PATH;
    document.head.appendChild(link);
  }

  // One problem: its place as a link that opens the editor, then the text the terminal prints
  // (source excerpt with the span underlined, help, related notes).
  function problem(p) {
    var item = element("li");
    var where = p.file ? p.file + (p.line ? ":" + p.line + ":" + (p.column || 1) : "") : "";
    if (where && p.open) {
      var link = element("a", where);
      link.href = p.open;
      link.title = "Open in your editor";
      item.appendChild(link);
    } else if (where) {
      item.appendChild(element("div", where));
    }
    item.appendChild(element("pre", p.text || p.message));
    return item;
  }

  // `view` is {site, problems}: whether the last good site is behind the view, and what is wrong.
  function showOverlay(view) {
    var active = document.activeElement;
    clearOverlay();
    focusedBefore = active;
    ensureStyle();
    var box = element("section");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    box.setAttribute("aria-describedby", OVERLAY_ID + "-state");
    var panel = element("div", "", "p-panel");
    panel.tabIndex = -1;
    var count = view.problems.length === 1 ? "1 error" : view.problems.length + " errors";
    var title = element("h2", "The content has " + count);
    title.id = OVERLAY_ID + "-title";
    var state = element("p", view.site
      ? "The last good site is behind this message. Fix the content and it updates by itself."
      : "There is no good build yet: fix the content and the site appears by itself.", "p-state");
    state.id = OVERLAY_ID + "-state";
    panel.appendChild(title);
    panel.appendChild(state);
    var list = element("ol");
    view.problems.forEach(function (p) { list.appendChild(problem(p)); });
    panel.appendChild(list);
    if (view.site) {
      var hide = element("button", "Show the last good site (Esc)");
      hide.type = "button";
      hide.addEventListener("click", clearOverlay);
      panel.appendChild(hide);
      box.addEventListener("keydown", function (event) { if (event.key === "Escape") clearOverlay(); });
    }
    box.appendChild(panel);
    document.body.appendChild(box);
    panel.focus();
  }

  // The page served before any good build carries its problems as data: show them at once.
  var embedded = document.getElementById("prospectus-problems-data");
  if (embedded) showOverlay(JSON.parse(embedded.textContent));

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
  // Fixed: before any good build the page itself is the error view, so it reloads into the site.
  source.addEventListener("fixed", function () {
    if (embedded) location.reload();
    else clearOverlay();
  });
})();
