// authlint report: filters, keyboard navigation and entry details. The page
// is complete without this script; it only adds interaction.
(function () {
  "use strict";
  var sevOrder = ["info", "low", "medium", "high", "critical"];
  var form = document.getElementById("filters");
  var findings = Array.prototype.slice.call(document.querySelectorAll("[data-finding]"));
  var summaries = Array.prototype.slice.call(document.querySelectorAll("[data-summary-finding]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#timeline .row[data-entry]"));

  function value(name) {
    var el = form.querySelector("[data-filter=" + name + "]");
    return el ? el.value : "";
  }
  function matches(el, sev, rule, site) {
    if (sev && sevOrder.indexOf(el.dataset.severity) < sevOrder.indexOf(sev)) return false;
    if (rule && el.dataset.rule !== rule) return false;
    if (site && el.dataset.site !== site) return false;
    return true;
  }
  function apply() {
    var sev = value("severity"), rule = value("rule"), site = value("site");
    findings.concat(summaries).forEach(function (el) { el.hidden = !matches(el, sev, rule, site); });
    rows.forEach(function (el) { el.hidden = site !== "" && el.dataset.site !== site; });
  }
  if (form) {
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  }

  // Opening an entry is a link to its #entry-… detail (it works without
  // this script through :target); here the detail takes the focus and its
  // timeline row is highlighted.
  function current() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    return el && el.hasAttribute("data-entry-detail") ? el : null;
  }
  function opened() {
    document.querySelectorAll(".highlight").forEach(function (el) { el.classList.remove("highlight"); });
    var d = current();
    if (!d) return;
    var input = d.dataset.input;
    var row = document.querySelector('#timeline [data-input="' + input + '"] .row[data-entry="' + d.dataset.entryDetail + '"]');
    if (row) row.classList.add("highlight");
    d.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", opened);
  opened();

  function close() {
    if (current()) {
      location.hash = "_"; // no element has this id: nothing is :target

    }
  }

  // Printed, the folded groups are unfolded.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.group").forEach(function (el) { el.open = true; });
  });

  function visible() { return findings.filter(function (el) { return !el.hidden; }); }
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.tagName === "SELECT" || t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
    if (ev.key === "Escape") { close(); return; }
    var list = visible();
    var i = list.indexOf(document.activeElement);
    if (ev.key === "j" || ev.key === "k") {
      if (!list.length) return;
      i = ev.key === "j" ? Math.min(i + 1, list.length - 1) : Math.max(i - 1, 0);
      list[i].focus();
      list[i].scrollIntoView({ block: "nearest" });
      ev.preventDefault();
    } else if (ev.key === "Enter" && i >= 0) {
      var link = list[i].querySelector("[data-entry-link]");
      if (link) { link.click(); ev.preventDefault(); }
    }
  });
})();
