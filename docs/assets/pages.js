// Page helpers, all progressive enhancement (without scripts every page reads in full):
// - tables: each cell gets its column's name (data-label), shown when a phone stacks the rows as cards;
// - a document's summary: the next deadline from the reader's today (the site is built once);
// - print and copy-link buttons;
// - filters of the list of documents (province, year, type, issuer), in the browser.
(function () {
  function labelCells(root) {
    var tables = root.querySelectorAll(".md-typeset table");
    for (var t = 0; t < tables.length; t++) {
      if (tables[t].closest(".vb-card")) continue;
      var heads = tables[t].querySelectorAll("thead th");
      if (!heads.length) continue;
      var names = [];
      for (var h = 0; h < heads.length; h++) names.push(heads[h].textContent.trim());
      var rows = tables[t].querySelectorAll("tbody tr");
      for (var r = 0; r < rows.length; r++) {
        var cells = rows[r].children;
        for (var c = 0; c < cells.length && c < names.length; c++) {
          if (!cells[c].hasAttribute("data-label")) cells[c].setAttribute("data-label", names[c]);
        }
      }
    }
  }

  function dmy(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function nextDeadline(root) {
    var list = root.querySelector(".vb-nearest");
    var note = root.querySelector(".vb-next");
    if (!list || !note) return;
    var items = list.querySelectorAll("li[data-next-due]");
    if (!items.length) return;
    var now = new Date();
    var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    var first = -1;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-next-due") >= today) { first = i; break; }
    }
    var start = first >= 0 ? first : Math.max(0, items.length - 3);
    for (var k = 0; k < items.length; k++) items[k].hidden = k < start || k >= start + 3;
    if (first >= 0) {
      var due = items[first].getAttribute("data-next-due");
      var days = Math.round((Date.parse(due) - Date.parse(today)) / 86400000);
      note.textContent = "Hạn tiếp theo: " + dmy(due) + (days === 0 ? " (hôm nay)" : " (còn " + days + " ngày)") + ". Các hạn kế tiếp:";
    } else {
      var last = items[items.length - 1].getAttribute("data-next-due");
      note.textContent = "Mọi thời hạn có ngày của văn bản đã qua (hạn cuối cùng: " + dmy(last) + "). Các hạn sau cùng:";
    }
    note.hidden = false;
  }

  function actions(root) {
    var box = root.querySelector(".vb-actions");
    if (!box) return;
    box.hidden = false;
    var status = box.querySelector(".vb-action-status");
    var print = box.querySelector(".vb-print");
    if (print) print.onclick = function () { window.print(); };
    var copy = box.querySelector(".vb-copy");
    if (copy) copy.onclick = function () {
      var url = location.href.split("#")[0];
      var done = function () { if (status) status.textContent = "Đã sao chép đường dẫn: " + url; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () { if (status) status.textContent = "Không sao chép được; đường dẫn: " + url; });
      } else if (status) { status.textContent = "Đường dẫn: " + url; }
    };
  }

  function filters(root) {
    var form = root.querySelector(".vb-list-filters");
    if (!form) return;
    var rows = root.querySelectorAll("tr[data-province]");
    var keys = ["province", "year", "type", "issuer"];
    var selects = {};
    for (var k = 0; k < keys.length; k++) {
      var select = form.querySelector("select[name=" + keys[k] + "]");
      if (!select) continue;
      selects[keys[k]] = select;
      var seen = {};
      var values = [];
      for (var r = 0; r < rows.length; r++) {
        var v = rows[r].getAttribute("data-" + keys[k]);
        if (!seen[v]) { seen[v] = true; values.push(v); }
      }
      values.sort(function (a, b) { return keys[k] === "year" ? b.localeCompare(a) : a.localeCompare(b, "vi"); });
      for (var i = 0; i < values.length; i++) {
        var opt = document.createElement("option");
        opt.value = values[i];
        opt.textContent = values[i];
        select.appendChild(opt);
      }
    }
    var count = form.querySelector(".vb-filter-count");
    function apply() {
      var shown = 0;
      for (var r = 0; r < rows.length; r++) {
        var ok = true;
        for (var key in selects) {
          var want = selects[key].value;
          if (want && rows[r].getAttribute("data-" + key) !== want) { ok = false; break; }
        }
        rows[r].hidden = !ok;
        if (ok) shown++;
      }
      var groups = root.querySelectorAll(".vb-doc-group");
      for (var g = 0; g < groups.length; g++) {
        var empty = !groups[g].querySelector("tr[data-province]:not([hidden])");
        groups[g].hidden = empty;
        var heading = groups[g].previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = empty;
      }
      if (count) count.textContent = shown + " / " + rows.length + " văn bản trên trang này";
    }
    for (var key in selects) selects[key].addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // Folded rows (<details>) print too.
  window.addEventListener("beforeprint", function () {
    var folded = document.querySelectorAll("details.vb-more:not([open])");
    for (var i = 0; i < folded.length; i++) { folded[i].setAttribute("open", ""); folded[i].setAttribute("data-vb-print", ""); }
  });
  window.addEventListener("afterprint", function () {
    var opened = document.querySelectorAll("details[data-vb-print]");
    for (var i = 0; i < opened.length; i++) { opened[i].removeAttribute("open"); opened[i].removeAttribute("data-vb-print"); }
  });

  function run() {
    var root = document;
    labelCells(root);
    nextDeadline(root);
    actions(root);
    filters(root);
  }
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(run); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); }
  else { run(); }
})();
