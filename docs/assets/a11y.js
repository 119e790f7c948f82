// Keyboard access to what scrolls sideways (WCAG 2.1.1): a table wider than a phone's screen sits in Material's
// .md-typeset__scrollwrap; when it really overflows, the wrapper takes the focus (tabindex="0") so the arrow keys
// scroll it, and it is a named region ("Bảng: <the heading above it>") so a screen reader says what it holds.
(function () {
  function nameOf(wrap) {
    var table = wrap.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return "Bảng: " + caption.textContent.trim(); }
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) { return "Bảng: " + el.textContent.replace("¶", "").trim(); }
    }
    var title = document.querySelector(".md-content h1");
    return "Bảng" + (title ? ": " + title.textContent.replace("¶", "").trim() : "");
  }
  function update() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) { wrap.setAttribute("aria-label", nameOf(wrap)); }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }
  // Tables keep their meaning when a phone shows them as stacked cards (display: block drops the table roles in
  // some browsers): explicit roles, column headers with scope; in the metadata card, whose header row is hidden,
  // each row's first cell names the row.
  function tableRoles() {
    var tables = document.querySelectorAll(".md-typeset table:not([role])");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var card = table.closest(".vb-card");
      table.setAttribute("role", "table");
      var groups = table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot");
      for (var g = 0; g < groups.length; g++) { groups[g].setAttribute("role", "rowgroup"); }
      var rows = table.querySelectorAll(":scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr");
      for (var r = 0; r < rows.length; r++) {
        rows[r].setAttribute("role", "row");
        var cells = rows[r].children;
        for (var c = 0; c < cells.length; c++) {
          var cell = cells[c];
          if (cell.tagName === "TH") {
            var inHead = cell.parentNode.parentNode.tagName === "THEAD";
            cell.setAttribute("role", inHead ? "columnheader" : "rowheader");
            if (!cell.hasAttribute("scope")) { cell.setAttribute("scope", inHead ? "col" : "row"); }
          } else {
            cell.setAttribute("role", card && c === 0 ? "rowheader" : "cell");
          }
        }
      }
    }
  }
  function soon() { window.setTimeout(function () { tableRoles(); update(); }, 0); }  // after Material wrapped the tables
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(soon); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", soon); }
  else { soon(); }
  window.addEventListener("load", update);
  window.addEventListener("resize", update);
})();
