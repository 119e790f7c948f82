// Marks deadlines as past, due soon or upcoming from the day the reader looks at the page
// (the site is built once; "today" is the reader's). Entries carry data-due="YYYY-MM-DD"; the badge is added here,
// under the date of the row's .vb-due cell (not written into every row: long timelines cost MkDocs less).
(function () {
  var SOON_DAYS = 14;
  function mark() {
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    var rows = document.querySelectorAll("[data-due]");
    for (var i = 0; i < rows.length; i++) {
      var parts = rows[i].getAttribute("data-due").split("-");
      var due = Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
      var days = Math.round((due - today) / 86400000);
      var status, label;
      if (days < 0) { status = "vb-past"; label = "Đã qua"; }
      else if (days <= SOON_DAYS) { status = "vb-soon"; label = days === 0 ? "Hôm nay" : "Còn " + days + " ngày"; }
      else { status = "vb-upcoming"; label = "Sắp tới"; }
      rows[i].classList.remove("vb-past", "vb-soon", "vb-upcoming");
      rows[i].classList.add(status);
      var badge = rows[i].querySelector(".vb-status");
      var cell = rows[i].querySelector(".vb-due");
      if (!badge && cell) {
        cell.appendChild(document.createElement("br"));
        badge = cell.appendChild(document.createElement("span"));
      }
      if (badge) { badge.textContent = label; badge.className = "vb-status " + status; }
    }
  }
  if (typeof document$ !== "undefined" && document$.subscribe) { document$.subscribe(mark); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); }
  else { mark(); }
})();
