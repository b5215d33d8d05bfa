// kg site index: filter the entity table as you type (kg/render/templates/index.html.j2).
// It only hides and shows rows the page already has; it writes no HTML.
(function () {
  "use strict";
  var input = document.getElementById("kg-filter");
  var status = document.getElementById("kg-filter-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#kg-entity-table tbody tr"));
  var keys = rows.map(function (r) { return (r.dataset.search || "").toLowerCase(); });

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var hit = words.every(function (w) { return keys[i].indexOf(w) !== -1; });
      r.hidden = !hit;
      if (hit) shown++;
    });
    status.textContent = words.length ? shown + " of " + rows.length + " entities" : rows.length + " entities";
  }

  input.addEventListener("input", apply);
  document.getElementById("kg-filter-form").addEventListener("submit", function (event) {
    event.preventDefault();
    // Enter opens the first match, as a search box is expected to.
    var first = rows.find(function (r) { return !r.hidden; });
    if (first && input.value.trim()) first.querySelector("a").click();
  });
  // A filter in the address (index.html#q=word) is applied on load; it is only ever a value.
  var m = /^#q=(.*)$/.exec(location.hash);
  if (m) { try { input.value = decodeURIComponent(m[1]); } catch (e) { input.value = ""; } }
  apply();
  window.kgIndex = { apply: apply };
})();
