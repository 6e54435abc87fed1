/* The HTML map's behaviour (inlined by html_map.py): dependency edges, the details panel, filters,
   search and keyboard navigation. Without it the page is a plain checklist. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var model = JSON.parse(document.getElementById("genai-data").textContent);
  var byId = {};
  model.items.forEach(function (item) { byId[item.id] = item; });
  var nextIds = {};
  model.next.forEach(function (id) { nextIds[id] = true; });
  var map = document.getElementById("map");
  var svg = map.querySelector("svg.edges");
  var panel = document.getElementById("detail");
  var panelTitle = document.getElementById("detail-title");
  var panelBody = panel.querySelector(".detail-body");
  var form = document.querySelector("form.filters");
  var search = document.getElementById("f-search");
  var phaseSel = document.getElementById("f-phase");
  var statusSel = document.getElementById("f-status");
  var kindSel = document.getElementById("f-kind");
  var count = document.getElementById("f-count");
  var nodes = Array.prototype.slice.call(map.querySelectorAll("li.node"));
  var nodeById = {};
  nodes.forEach(function (node) { nodeById[node.getAttribute("data-id")] = node; });
  var selected = null;
  var SVG_NS = "http://www.w3.org/2000/svg";

  function visible(node) { return !node.hidden && !node.closest("[hidden]"); }

  /* --- edges: a curve from each dependency to the item that needs it --------------------------- */
  function drawEdges() {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var box = map.getBoundingClientRect();
    svg.setAttribute("width", String(Math.ceil(box.width)));
    svg.setAttribute("height", String(Math.ceil(box.height)));
    model.items.forEach(function (item) {
      var to = nodeById[item.id];
      if (!to || !visible(to)) { return; }
      item.deps.forEach(function (depId) {
        var from = nodeById[depId];
        if (!from || !visible(from)) { return; }
        var a = from.getBoundingClientRect();
        var b = to.getBoundingClientRect();
        var x1 = a.left + a.width / 2 - box.left;
        var y1 = a.bottom - box.top;
        var x2 = b.left + b.width / 2 - box.left;
        var y2 = b.top - box.top;
        if (b.top < a.bottom && Math.abs(a.top - b.top) < 4) { // same row: side to side
          x1 = a.right - box.left; y1 = a.top + a.height / 2 - box.top;
          x2 = b.left - box.left; y2 = b.top + b.height / 2 - box.top;
        }
        var bend = Math.max(20, Math.abs(y2 - y1) / 2);
        var path = document.createElementNS(SVG_NS, "path");
        path.setAttribute("d", "M" + x1 + "," + y1 + " C" + x1 + "," + (y1 + bend) + " " + x2 + "," + (y2 - bend) +
          " " + x2 + "," + y2);
        path.setAttribute("data-from", depId);
        path.setAttribute("data-to", item.id);
        if (selected && (selected === depId || selected === item.id)) { path.setAttribute("class", "on"); }
        svg.appendChild(path);
      });
    });
  }

  var pending = null;
  function redraw() {
    if (pending) { cancelAnimationFrame(pending); }
    pending = requestAnimationFrame(function () { pending = null; drawEdges(); });
  }

  /* --- the details panel --------------------------------------------------------------------- */
  function mark(id, on) {
    var item = byId[id];
    nodes.forEach(function (n) { n.classList.remove("is-selected", "is-dep"); });
    if (!on || !item) { return; }
    nodeById[id].classList.add("is-selected");
    item.deps.forEach(function (d) { if (nodeById[d]) { nodeById[d].classList.add("is-dep"); } });
  }

  function openDetails(id, keepFocus) {
    var node = nodeById[id];
    if (!node) { return; }
    selected = id;
    panelTitle.textContent = byId[id].title;
    panelBody.textContent = "";
    var badges = node.querySelector(".badges").cloneNode(true);
    panelBody.appendChild(badges);
    Array.prototype.forEach.call(node.querySelector(".body").childNodes, function (child) {
      panelBody.appendChild(child.cloneNode(true));
    });
    panel.setAttribute("data-item", id);
    panel.hidden = false;
    node.querySelector("summary").setAttribute("aria-expanded", "true");
    mark(id, true);
    redraw();
    if (!keepFocus) { panelTitle.focus(); }
  }

  function closeDetails() {
    if (panel.hidden) { return; }
    var id = selected;
    panel.hidden = true;
    selected = null;
    mark(id, false);
    redraw();
    if (id && nodeById[id]) {
      var summary = nodeById[id].querySelector("summary");
      summary.setAttribute("aria-expanded", "false");
      summary.focus();
    }
  }

  function goTo(id) {
    var node = nodeById[id];
    if (!node) { return; }
    if (!visible(node)) { form.reset(); applyFilters(); }
    node.scrollIntoView({ block: "center" });
    openDetails(id);
  }

  nodes.forEach(function (node) {
    var summary = node.querySelector("summary");
    summary.setAttribute("aria-expanded", "false");
    summary.setAttribute("aria-controls", "detail");
    summary.addEventListener("click", function (event) {
      event.preventDefault(); // the panel shows the details; the element stays closed
      var id = node.getAttribute("data-id");
      if (selected === id && !panel.hidden) { closeDetails(); } else { openDetails(id); }
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-goto]");
    if (!link) { return; }
    event.preventDefault();
    goTo(link.getAttribute("data-goto"));
  });
  panel.querySelector(".close").addEventListener("click", closeDetails);

  /* --- filters and search -------------------------------------------------------------------- */
  function applyFilters() {
    var words = search.value.trim().toLowerCase();
    var phase = phaseSel.value, status = statusSel.value, kind = kindSel.value;
    var shown = 0;
    nodes.forEach(function (node) {
      var item = byId[node.getAttribute("data-id")];
      var ok = (!phase || item.phase === phase) && (!kind || item.kind === kind) &&
        (!status || item.status === status || (status === "verified" && item.verified) ||
          (status === "next" && nextIds[item.id] === true)) &&
        (!words || item.title.toLowerCase().indexOf(words) !== -1 || item.id.indexOf(words) !== -1);
      node.hidden = !ok;
      if (ok) { shown += 1; }
    });
    Array.prototype.forEach.call(map.querySelectorAll(".group"), function (group) {
      group.hidden = !group.querySelector("li.node:not([hidden])");
    });
    Array.prototype.forEach.call(map.querySelectorAll("section.phase[data-phase]"), function (section) {
      section.hidden = !section.querySelector("li.node:not([hidden])");
    });
    count.textContent = shown === nodes.length ? nodes.length + " items" : shown + " of " + nodes.length + " items shown";
    redraw();
  }

  [search, phaseSel, statusSel, kindSel].forEach(function (input) {
    input.addEventListener("input", applyFilters);
    input.addEventListener("change", applyFilters);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
  form.hidden = false;

  /* --- keyboard: arrows move between the visible items, / searches, Esc closes ----------------- */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape") {
      if (!panel.hidden) { closeDetails(); event.preventDefault(); }
      return;
    }
    if (event.key === "/" && !typing) {
      search.focus();
      event.preventDefault();
      return;
    }
    var node = target && target.closest && target.closest("li.node");
    if (!node || target.tagName !== "SUMMARY") { return; }
    var moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    var list = nodes.filter(visible);
    var index = list.indexOf(node);
    var next = null;
    if (event.key in moves) { next = list[index + moves[event.key]]; }
    if (event.key === "Home") { next = list[0]; }
    if (event.key === "End") { next = list[list.length - 1]; }
    if (next) {
      event.preventDefault();
      next.querySelector("summary").focus();
      // With the panel open, it follows the focus: arrows step through the details item by item.
      if (!panel.hidden) { openDetails(next.getAttribute("data-id"), true); }
    }
  });

  window.addEventListener("resize", redraw);
  window.addEventListener("beforeprint", closeDetails);
  applyFilters();
  var hashId = location.hash.indexOf("#item-") === 0 ? location.hash.slice(6) : "";
  if (Object.prototype.hasOwnProperty.call(nodeById, hashId)) { goTo(hashId); }
}());
