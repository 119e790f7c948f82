// Search page (tim-kiem/?q=...): runs the query of the URL on the Pagefind indexes written by generator/search.py
// and lists the results, in rank order, as links inside #ket-qua. Filters come from the URL too, so a search is a link.
// Everything shown comes from the index as text: nothing from a document is inserted as markup.
//
// Two indexes: pagefind/ (what each document, instrument and agency is: small at any corpus size) is searched first;
// pagefind-toan-van/ (the documents' full text) is searched with it while small, else when the reader asks.

const FILTERS = ["loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien", "hieu_luc"];
const PAGE_SIZE = 10;
const AUTO_FULL_TEXT_BYTES = 1500000; // full text searched with every query up to this size of its index
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

// `text`: the same page as found in the full text, whose excerpt and sections are shown. A record of the first
// index is already all on show (name, subject, issuer, date): its own excerpt would repeat it.
function resultItem(data, text) {
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
    text && text.excerpt ? excerpt(text.excerpt) : null,
  );
  // sections of the page where the words are (the page's own heading is the link above)
  const sections = ((text && text.sub_results) || [])
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
    // the value of the URL was put in before the list came: the full list replaces it
    for (const option of Array.from(select.options)) if (option.value) option.remove();
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

const loaded = {};
async function bundle(dir) {
  if (!loaded[dir]) {
    loaded[dir] = (async () => {
      const pagefind = await import(new URL(`../${dir}/pagefind.js`, import.meta.url).href);
      // results' URLs start from the site's root, wherever the site is published (this file is in assets/)
      await pagefind.options({ ranking: RANKING, excerptLength: 24, baseUrl: new URL("../", import.meta.url).pathname });
      return pagefind;
    })();
  }
  return loaded[dir];
}

async function fullTextSize() {
  try {
    const response = await fetch(new URL("../pagefind-toan-van/kich-thuoc.json", import.meta.url));
    return response.ok ? await response.json() : null;
  } catch (err) {
    return null;
  }
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

  // Filter values are listed only when asked for: the first search downloads no filter data.
  document.getElementById("vb-loc").addEventListener("toggle", async (event) => {
    if (event.target.open) {
      try {
        await fillFilterOptions(await bundle("pagefind"), filters);
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
  const query = raw ? normalizeQuery(raw) : null;
  const label = raw ? `«${raw}»` : "bộ lọc đã chọn";
  const list = el("ol", { class: "vb-result-list" });
  const status = el("p", { class: "vb-results-status" });
  const shown = new Set();
  let pending = [];
  const more = el("button", { type: "button", class: "md-button vb-more", text: "Xem thêm kết quả" });
  const showMore = async () => {
    let added = 0;
    while (pending.length && added < PAGE_SIZE) {
      const batch = pending.splice(0, PAGE_SIZE - added);
      const data = await Promise.all(batch.map((item) => item.data || item.result.data()));
      batch.forEach((item, i) => {
        if (shown.has(data[i].url)) return; // a document found by its record and in its full text: listed once
        shown.add(data[i].url);
        list.append(resultItem(data[i], item.fullText ? data[i] : inText.get(data[i].url)));
        added += 1;
      });
    }
    if (pending.length) box.append(more);
    else more.remove();
  };
  more.addEventListener("click", () => showMore());
  const inText = new Map(); // URL -> the page as found in the full text, for the best full-text results
  const searchFullText = async () => {
    const found = await (await bundle("pagefind-toan-van")).search(query, { filters });
    const items = found.results.map((result) => ({ result, fullText: true, data: null }));
    const best = items.slice(0, PAGE_SIZE);
    (await Promise.all(best.map((item) => item.result.data()))).forEach((data, i) => {
      best[i].data = data;
      inText.set(data.url, data);
    });
    pending = pending.concat(items);
  };
  try {
    const [first, size] = await Promise.all([(await bundle("pagefind")).search(query, { filters }), fullTextSize()]);
    pending = first.results.map((result) => ({ result, fullText: false, data: null }));
    const auto = size && size.index_bytes <= AUTO_FULL_TEXT_BYTES;
    if (auto) await searchFullText();
    box.replaceChildren(status, list);
    await showMore();
    if (size && !auto) {
      const megabytes = (size.largest_chunk / 1e6).toFixed(1).replace(".", ",");
      const deeper = el("button", {
        type: "button",
        class: "md-button vb-full-text",
        text: `Tìm cả trong toàn văn ${size.pages} văn bản (mỗi từ tải thêm tối đa ${megabytes} MB)`,
      });
      deeper.addEventListener("click", async () => {
        deeper.disabled = true;
        box.dataset.state = "loading";
        searchStart = performance.now();
        await searchFullText();
        deeper.remove();
        await showMore();
        status.textContent = shown.size ? `Kết quả cho ${label}, cả trong toàn văn:` : `Không tìm thấy văn bản nào cho ${label}.`;
        finish("done");
      });
      box.append(deeper);
    }
  } catch (err) {
    box.replaceChildren(
      el("p", { class: "vb-results-status", text: "Chưa tải được chỉ mục tìm kiếm. Hãy tải lại trang sau ít phút." }),
    );
    finish("error");
    throw err;
  }
  status.textContent = shown.size ? `Kết quả cho ${label}:` : `Không tìm thấy văn bản nào cho ${label}.`;
  if (!shown.size) box.append(el("p", { text: "Thử gõ ít từ hơn, kiểm tra số và ký hiệu văn bản, hoặc bỏ bớt bộ lọc." }));
  finish("done");
}

if (box && form) run();
