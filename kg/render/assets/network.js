// kg network pages: the overview and entity neighbourhoods (kg/render/pyvis_view.py).
// Reads the JSON block #kg-data. Every string in it comes from articles: it reaches the DOM only
// through textContent, input values and vis-network titles (plain text in vis 9), and links only
// go to page paths kg wrote (checked by safeHref) or to Wikidata items whose id was checked.
(function () {
  "use strict";
  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var ARTICLES = DATA.articles || [];

  // Tooltips: vis 9 shows a string title as text (innerText), so these stay text whatever the
  // data holds. Built here rather than sent, so each evidence sentence travels once.
  function clip(text, limit) { return text.length <= limit ? text : text.slice(0, limit - 1) + "…"; }
  var labels = {};
  DATA.nodes.forEach(function (n) {
    labels[n.id] = n.label;
    var lines = [n.label, "Type: " + n.kgType];
    if (n.kgAliases.length) lines.push("Aliases: " + clip(n.kgAliases.join(", "), 300));
    if (n.kgQidText) lines.push("Wikidata: " + n.kgQidText);
    lines.push("Evidence: " + n.kgEvidence);
    n.title = lines.join("\n");
  });
  DATA.edges.forEach(function (e) {
    var lines = [labels[e.from] + " —" + e.kgRelation + "→ " + labels[e.to]];
    var facts = ["evidence: " + e.kgWeight];
    if (e.kgConfidence !== null && e.kgConfidence !== undefined) facts.push("confidence: " + e.kgConfidence.toFixed(2));
    lines.push(facts.join(" · "));
    if (e.kgFirst) lines.push("seen: " + e.kgFirst + " … " + (e.kgLast || e.kgFirst));
    var sentences = e.kgEvidence.filter(function (ev) { return ev.s; });
    sentences.slice(0, 3).forEach(function (ev) {
      lines.push("“" + clip(ev.s.split(/\s+/).join(" ").trim(), 300) + "”");
    });
    var more = Math.max(e.kgEvidenceTotal, sentences.length) - Math.min(sentences.length, 3);
    if (more > 0) lines.push("(+" + more + " more: click the edge)");
    e.title = lines.join("\n");
  });

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("kg-network");
  var info = document.getElementById("kg-info");
  // Built empty, so the stabilisation listener is in place before any data can stabilise.
  var network = new vis.Network(container, {}, DATA.options);
  var kg = { network: network, nodes: nodes, edges: edges, articles: ARTICLES, ready: false,
             readyAt: null, timings: { script: t0 } };
  window.kg = kg;
  window.network = network;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // Relative page paths such as "entity/nato.html" or "../article/ab12.html": no scheme, no
  // host, nothing a browser would run. Anything else is shown as text, never as a link.
  var PAGE = /^(\.\.\/)?(entity|article)\/[A-Za-z0-9_~-]+\.html$/;
  function safeHref(h) { return typeof h === "string" && PAGE.test(h) ? h : null; }

  function link(text, href, cls) {
    var h = safeHref(href);
    if (!h) return el("span", text, cls);
    var a = el("a", text, cls);
    a.href = h;
    return a;
  }

  function ready() {
    // Guarded: vis can emit the events around stabilisation more than once.
    if (kg.ready) return;
    kg.ready = true;
    kg.readyAt = performance.now();
    var loading = document.getElementById("kg-loading");
    if (loading) loading.remove();
    document.body.dataset.ready = "true";
  }

  function markReady() {
    // Fit only after one drawing: vis measures node bounding boxes (labels included) while it
    // draws, and none is drawn during stabilisation, so an earlier fit centres stale boxes.
    network.once("afterDrawing", function () {
      network.once("afterDrawing", ready);
      network.fit({ animation: false });
      network.redraw();
    });
    network.redraw();
  }

  if (DATA.physics) {
    network.once("stabilizationIterationsDone", function () {
      // Stop after stabilising: a settled picture, and no CPU burnt animating it afterwards.
      kg.timings.stabilized = performance.now();
      network.setOptions({ physics: false });
      markReady();
    });
  }
  kg.timings.parsed = performance.now();
  network.setData({ nodes: nodes, edges: edges });
  kg.timings.dataSet = performance.now();
  if (!DATA.physics) markReady();

  // Counts line.
  var view = DATA.view;
  function updateCounts() {
    var visible = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    var text = view.shown.toLocaleString("en") + " of " + view.total.toLocaleString("en") + " entities";
    if (view.kind === "entity") text += " · neighbourhood of " + view.entity + " (depth " + view.depth + ")";
    else if (view.shown < view.total) text += " · top " + view.shown.toLocaleString("en") + " by PageRank";
    if (visible < view.shown) text += " · " + visible.toLocaleString("en") + " shown by the filters";
    document.getElementById("kg-counts").textContent = text;
  }

  // Filters: entity types (the legend), relations, dates, and the entity view's depth.
  var hiddenTypes = new Set(), hiddenRelations = new Set();
  var dateFrom = "", dateTo = "", keepUndated = true, maxHops = Infinity;

  function inDates(item) {
    if (!dateFrom && !dateTo) return true;
    if (!item.kgFirst) return keepUndated;
    // ISO dates compare as text; an item is kept when its span meets the chosen one.
    return (!dateTo || item.kgFirst <= dateTo) && (!dateFrom || (item.kgLast || item.kgFirst) >= dateFrom);
  }

  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [], hiddenNode = new Set();
    nodes.forEach(function (n) {
      var hide = hiddenTypes.has(n.kgType) || !inDates(n) || (n.kgHops !== undefined && n.kgHops > maxHops);
      if (hide) hiddenNode.add(n.id);
      if (Boolean(n.hidden) !== hide) nodeUpdates.push({ id: n.id, hidden: hide });
    });
    edges.forEach(function (e) {
      // An edge to a hidden node would point at nothing.
      var hide = hiddenRelations.has(e.kgRelation) || hiddenNode.has(e.from) || hiddenNode.has(e.to) || !inDates(e);
      if (Boolean(e.hidden) !== hide) edgeUpdates.push({ id: e.id, hidden: hide });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    updateCounts();
  }
  kg.applyFilters = applyFilters;

  function checkbox(group, item, hiddenSet, swatch) {
    var label = el("label", null, "kg-check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.group = group;
    box.value = item.name;
    box.addEventListener("change", function () {
      if (box.checked) hiddenSet.delete(item.name); else hiddenSet.add(item.name);
      applyFilters();
    });
    label.appendChild(box);
    if (swatch) {
      var sw = el("span", null, "kg-swatch " + swatch.shape);
      sw.style.backgroundColor = swatch.color;
      label.appendChild(sw);
    }
    label.appendChild(el("span", item.name, "name"));
    label.appendChild(el("span", item.count, "count"));
    return label;
  }

  var typeBox = document.getElementById("kg-type-filters");
  DATA.types.forEach(function (t) { typeBox.appendChild(checkbox("type", t, hiddenTypes, t)); });
  var relBox = document.getElementById("kg-relation-filters");
  DATA.relations.forEach(function (r) { relBox.appendChild(checkbox("relation", r, hiddenRelations, null)); });
  if (!DATA.relations.length) relBox.appendChild(el("p", "No relations.", "hint"));

  document.querySelectorAll(".kg-all button[data-group]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.dataset.on === "1";
      var set = button.dataset.group === "type" ? hiddenTypes : hiddenRelations;
      document.querySelectorAll('input[data-group="' + button.dataset.group + '"]').forEach(function (box) {
        box.checked = on;
        if (on) set.delete(box.value); else set.add(box.value);
      });
      applyFilters();
    });
  });

  var fromBox = document.getElementById("kg-date-from");
  if (fromBox) {
    var toBox = document.getElementById("kg-date-to");
    var undatedBox = document.getElementById("kg-date-undated");
    var readDates = function () {
      dateFrom = fromBox.value; dateTo = toBox.value; keepUndated = undatedBox.checked;
      applyFilters();
    };
    [fromBox, toBox, undatedBox].forEach(function (box) {
      box.addEventListener("change", readDates);
      box.addEventListener("input", readDates);
    });
    document.getElementById("kg-date-clear").addEventListener("click", function () {
      fromBox.value = ""; toBox.value = ""; readDates();
    });
  }

  document.querySelectorAll('#kg-depth input[name="kg-depth"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) return;
      maxHops = Number(radio.value);
      applyFilters();
      network.fit({ nodes: nodes.getIds({ filter: function (n) { return !n.hidden; } }), animation: false });
    });
  });
  updateCounts();

  // Info panel.
  function clearInfo() {
    while (info.firstChild) info.removeChild(info.firstChild);
  }

  function row(dl, term, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
    dl.appendChild(dd);
  }

  function nodeLabel(id) {
    var n = nodes.get(id);
    return n ? n.label : String(id);
  }

  function seen(item) {
    if (!item.kgFirst) return "";
    return item.kgLast && item.kgLast !== item.kgFirst ? item.kgFirst + " – " + item.kgLast : item.kgFirst;
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    clearInfo();
    info.dataset.kind = "node";
    info.dataset.id = n.id;
    info.appendChild(el("h3", n.label));
    var dl = el("dl", null, "kg-meta");
    row(dl, "Type", n.kgType);
    if (n.kgQid) {
      // kgQid passed a Q[0-9]+ check in Python, so the link can only point at a Wikidata item.
      var a = el("a", n.kgQid);
      a.href = "https://www.wikidata.org/wiki/" + encodeURIComponent(n.kgQid);
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      row(dl, "Wikidata", a);
    } else {
      row(dl, "Wikidata", n.kgQidText);
    }
    row(dl, "Aliases", n.kgAliases);
    row(dl, "Evidence", n.kgEvidence);
    row(dl, "Seen", seen(n));
    row(dl, "IRI", n.kgIri);
    info.appendChild(dl);
    if (safeHref(n.kgHref)) info.appendChild(link("Open the entity page →", n.kgHref, "kg-open"));
    var connected = network.getConnectedEdges(n.id);
    if (connected.length) {
      info.appendChild(el("h2", "Relations (" + connected.length + ")"));
      var ul = el("ul");
      connected.slice(0, 30).forEach(function (eid) {
        var e = edges.get(eid);
        if (!e) return;
        var li = el("li", nodeLabel(e.from) + " —" + e.kgRelation + "→ " + nodeLabel(e.to), "kg-edge-link");
        li.dataset.edge = e.id;
        li.addEventListener("click", function () { network.selectEdges([e.id]); showEdge(e.id); });
        ul.appendChild(li);
      });
      if (connected.length > 30) ul.appendChild(el("li", "… and " + (connected.length - 30) + " more", "hint"));
      info.appendChild(ul);
    }
    if (n.kgArticles && n.kgArticles.length) {
      info.appendChild(el("h2", "Mentioned in (" + n.kgArticlesTotal + ")"));
      var ul2 = el("ul", null, "kg-node-articles");
      n.kgArticles.forEach(function (i) {
        var art = ARTICLES[i], li = el("li");
        li.appendChild(link(art.t, art.h));
        if (art.d) li.appendChild(el("span", " · " + art.d.slice(0, 10), "kg-date-text"));
        ul2.appendChild(li);
      });
      if (n.kgArticlesTotal > n.kgArticles.length) ul2.appendChild(el("li", "… and " + (n.kgArticlesTotal - n.kgArticles.length) + " more", "hint"));
      info.appendChild(ul2);
    }
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    var from = nodes.get(e.from), to = nodes.get(e.to);
    clearInfo();
    info.dataset.kind = "edge";
    info.dataset.id = e.id;
    var h = el("h3");
    h.appendChild(link(nodeLabel(e.from), from && from.kgHref));
    h.appendChild(document.createTextNode(" —" + e.kgRelation + "→ "));
    h.appendChild(link(nodeLabel(e.to), to && to.kgHref));
    info.appendChild(h);
    var dl = el("dl", null, "kg-meta");
    row(dl, "Predicate", e.kgPredicate);
    row(dl, "Evidence", e.kgWeight);
    if (e.kgConfidence !== null && e.kgConfidence !== undefined) row(dl, "Confidence", e.kgConfidence.toFixed(2));
    row(dl, "Seen", seen(e));
    info.appendChild(dl);
    if (e.kgEvidence.length) {
      info.appendChild(el("h2", "Evidence (" + e.kgEvidenceTotal + ")"));
      var ul = el("ul", null, "kg-edge-evidence");
      e.kgEvidence.forEach(function (ev) {
        var li = el("li"), art = ev.a === null || ev.a === undefined ? null : ARTICLES[ev.a];
        if (ev.s) li.appendChild(el("blockquote", ev.s));
        var src = el("div", null, "kg-source");
        if (art) src.appendChild(link(art.t, art.h, "kg-article-link"));
        var parts = [];
        if (art && art.d) parts.push(art.d.slice(0, 10));
        if (ev.c !== null && ev.c !== undefined) parts.push("confidence " + ev.c.toFixed(2));
        if (ev.x) parts.push(ev.x);
        if (parts.length) src.appendChild(document.createTextNode((art ? " · " : "") + parts.join(" · ")));
        li.appendChild(src);
        ul.appendChild(li);
      });
      if (e.kgEvidenceTotal > e.kgEvidence.length) ul.appendChild(el("li", "… and " + (e.kgEvidenceTotal - e.kgEvidence.length) + " more on the entity page", "hint"));
      info.appendChild(ul);
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  kg.showNode = showNode;
  kg.showEdge = showEdge;

  // Search: exact label, then alias, then the first label containing the text.
  var names = document.getElementById("kg-names");
  var allNodes = nodes.get();
  allNodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });

  function findNode(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var i, n;
    for (i = 0; i < allNodes.length; i++) if (allNodes[i].label.toLowerCase() === q || String(allNodes[i].id).toLowerCase() === q) return allNodes[i];
    for (i = 0; i < allNodes.length; i++) {
      n = allNodes[i];
      if (n.kgAliases.some(function (a) { return a.toLowerCase() === q; })) return n;
    }
    for (i = 0; i < allNodes.length; i++) if (allNodes[i].label.toLowerCase().indexOf(q) !== -1) return allNodes[i];
    return null;
  }

  function focusNode(text) {
    var status = document.getElementById("kg-search-status");
    var n = findNode(text);
    if (!n) { status.textContent = "no match"; return null; }
    status.textContent = nodes.get(n.id).hidden ? "hidden by a filter" : "";
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(n.id);
    return n.id;
  }
  kg.focusNode = focusNode;

  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    focusNode(document.getElementById("kg-search").value);
  });
})();
