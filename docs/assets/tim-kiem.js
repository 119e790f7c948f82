// Search page (tim-kiem/?q=...): runs the query of the URL on the Pagefind index written by generator/search.py
// and lists the results, in rank order, as links inside #ket-qua. Filters come from the URL too, so a search is a link.
// Everything shown comes from the index as text: nothing from a document is inserted as markup.

const FILTERS = ["loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien"];
const PAGE_SIZE = 10;
// Pagefind searches the metadata written by generator/search.py as well as the text: a page whose field holds every
// word of the query gets that field's weight. Instruments and agencies (kieu, ghi_chu) rank by name and text only,
// so documents published on the portal come first.
export const RANKING = {
  metaWeights: { title: 5, trich_yeu: 3, co_quan: 2, nguoi_ky: 3, khong_dau: 2, ngay: 1, kieu: 0, ghi_chu: 0 },
};

const box = document.getElementById("ket-qua");
const form = document.getElementById("vb-tim-kiem");

// "53 / KH - UBND" as it is sometimes typed -> "53/KH-UBND": one reference, one term (Pagefind joins the parts
// of a word across "/" and "-" both when it indexes and when it searches).
export function normalizeQuery(text) {
  return text
    .normalize("NFC")
    .replace(/\u00D0/g, "Đ") // Icelandic eth typed for Đ
    .replace(/([\p{L}\p{N}])\s*([/-])\s*(?=[\p{L}\p{N}])/gu, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// Pagefind's excerpt is escaped text with <mark> around the words found: keep the text and the marks, nothing else.
function excerpt(markup) {
  const tpl = document.createElement("template");
  tpl.innerHTML = markup;
  const out = el("p", { class: "vb-result-excerpt" });
  for (const node of tpl.content.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") out.append(el("mark", { text: node.textContent }));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

function resultItem(data) {
  const meta = data.meta || {};
  const signer = meta.nguoi_ky ? `Người ký: ${meta.nguoi_ky}` : null;
  const facts = [meta.kieu, meta.co_quan, meta.ngay, signer].filter(Boolean).join(" · ");
  const subject = meta.trich_yeu || meta.ghi_chu;
  const item = el(
    "li",
    { class: "vb-result" },
    el("a", { class: "vb-result-link", href: data.url, text: meta.title || data.url }),
    subject ? el("div", { class: "vb-result-subject", text: subject }) : null,
    facts ? el("div", { class: "vb-result-facts", text: facts }) : null,
    data.excerpt ? excerpt(data.excerpt) : null,
  );
  // sections of the page where the words are (the page's own heading is the link above)
  const sections = (data.sub_results || [])
    .filter((s) => s.url && s.url.includes("#") && s.title && s.title !== meta.title)
    .slice(0, 3);
  if (sections.length) {
    const list = el("ul", { class: "vb-result-sections", "aria-label": "Mục có từ cần tìm" });
    for (const s of sections) list.append(el("li", {}, el("a", { href: s.url, text: s.title })));
    item.append(list);
  }
  return item;
}

function selectedFilters(params) {
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

async function fillFilterOptions(pagefind, selected) {
  const available = await pagefind.filters();
  for (const select of form.querySelectorAll("select[data-filter]")) {
    if (select.dataset.loaded) continue;
    const name = select.dataset.filter;
    const values = Object.keys(available[name] || {}).sort((a, b) => a.localeCompare(b, "vi"));
    if (name === "nam") values.reverse();
    for (const value of values) {
      const option = el("option", { value, text: `${value} (${available[name][value]})` });
      if (selected[name] === value) option.selected = true;
      select.append(option);
    }
    select.dataset.loaded = "1";
  }
}

let searchStart = 0;
// data-done-at: ms from the start of navigation to the results shown; data-search-ms: of which the search itself
// (loading the library and the index chunks, searching, showing the first results). Read by the tests.
function finish(state) {
  const now = performance.now();
  box.dataset.state = state;
  box.dataset.doneAt = String(Math.round(now));
  box.dataset.searchMs = String(Math.round(now - searchStart));
}

async function run() {
  const params = new URLSearchParams(location.search);
  const raw = (params.get("q") || "").trim();
  const filters = selectedFilters(params);
  const input = document.getElementById("vb-q");
  input.value = raw;
  for (const [name, value] of Object.entries(filters)) {
    const select = form.querySelector(`select[data-filter="${name}"]`);
    if (select) select.append(el("option", { value, text: value, selected: "" }));
  }
  if (Object.keys(filters).length) document.getElementById("vb-loc").open = true;

  let pagefind = null;
  const load = async () => {
    if (pagefind) return pagefind;
    pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
    await pagefind.options({ ranking: RANKING, excerptLength: 24 });
    return pagefind;
  };
  // Filter values are listed only when asked for: the first search downloads no filter data.
  document.getElementById("vb-loc").addEventListener("toggle", async (event) => {
    if (event.target.open) {
      try {
        await fillFilterOptions(await load(), filters);
      } catch (err) {
        console.warn("Không tải được danh sách bộ lọc", err);
      }
    }
  });

  if (!raw && !Object.keys(filters).length) {
    box.replaceChildren(el("p", { text: "Gõ từ cần tìm vào ô trên rồi bấm «Tìm»." }));
    finish("done");
    input.focus();
    return;
  }
  searchStart = performance.now();
  box.dataset.state = "loading";
  box.replaceChildren(el("p", { class: "vb-results-status", text: "Đang tìm…" }));
  let search;
  try {
    await load();
    search = await pagefind.search(raw ? normalizeQuery(raw) : null, { filters });
  } catch (err) {
    box.replaceChildren(
      el("p", { class: "vb-results-status", text: "Chưa tải được chỉ mục tìm kiếm. Hãy tải lại trang sau ít phút." }),
    );
    finish("error");
    throw err;
  }
  const results = search.results;
  const label = raw ? `«${raw}»` : "bộ lọc đã chọn";
  const status = el("p", {
    class: "vb-results-status",
    text: results.length ? `Tìm thấy ${results.length} trang cho ${label}.` : `Không tìm thấy văn bản nào cho ${label}.`,
  });
  const list = el("ol", { class: "vb-result-list" });
  box.replaceChildren(status, list);
  if (!results.length) {
    box.append(el("p", { text: "Thử gõ ít từ hơn, kiểm tra số và ký hiệu văn bản, hoặc bỏ bớt bộ lọc." }));
    finish("done");
    return;
  }
  let shown = 0;
  const more = el("button", { type: "button", class: "md-button vb-more", text: "Xem thêm kết quả" });
  const showMore = async () => {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    const data = await Promise.all(batch.map((r) => r.data()));
    for (const d of data) list.append(resultItem(d));
    if (shown >= results.length) more.remove();
  };
  more.addEventListener("click", () => showMore());
  await showMore();
  if (shown < results.length) box.append(more);
  finish("done");
}

if (box && form) run();
