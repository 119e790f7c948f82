// Search page (tim-kiem/?q=...): runs the query of the URL on the static index written by generator/search.py
// (chi-muc/) and lists the results, in rank order, as links inside #ket-qua. Filters come from the URL too, so a
// search is a link. Everything shown comes from the index as text: nothing from a document is inserted as markup.
//
// A query downloads meta.json, the shard of each of its terms (t/K.json: K from a hash of the folded term), the
// records of the results shown (b/N.json), and, only when a filter is used or the filter panel opened, the filter
// lists (loc/). Each posting holds a term's weight in a page (its fields and its text, computed by the generator);
// here it is multiplied by the term's idf and summed over the query's terms.

const FILTERS = ["loai", "dia_ban", "co_quan", "nam", "co_quan_thuc_hien", "hieu_luc"];
const PAGE_SIZE = 10;
const FOLDED_WEIGHT = 0.5; // a query typed with diacritics: a page with another form of the word counts this much
const SITE = new URL("../", import.meta.url); // this file is in assets/; results' addresses start at the site root
const INDEX = new URL("chi-muc/", SITE);

const box = document.getElementById("ket-qua");
const form = document.getElementById("vb-tim-kiem");

// "53 / KH - UBND" as it is sometimes typed -> "53/KH-UBND": one reference, one term.
export function normalizeQuery(text) {
  return text
    .normalize("NFC")
    .replace(/\u00D0/g, "Đ") // Icelandic eth typed for Đ
    .replace(/([\p{L}\p{N}])\s*([/-])\s*(?=[\p{L}\p{N}])/gu, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}

// The same folding as generator/search.py `fold`: lower case, marks U+0300-U+036F removed, đ written d.
export function fold(text) {
  return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
}

const TOKEN = /[\p{L}\p{N}]+(?:[/-][\p{L}\p{N}]+)*/gu;
const BREAK = /[^\p{L}\p{N}\s/-]|_/u;
const NOT_PLAIN = /[\d/-]/;

// The query's terms, as generator/search.py `terms` makes them: words and references (a reference alone, not its
// parts), and two words side by side (bigrams, searched folded).
export function queryTerms(text) {
  const words = [];
  const bigrams = [];
  for (const piece of text.normalize("NFC").toLowerCase().split(BREAK)) {
    const run = piece.match(TOKEN) || [];
    run.forEach((token, i) => {
      if (!words.some((w) => w.exact === token)) words.push({ exact: token, key: fold(token) });
      const next = run[i + 1];
      if (next && !NOT_PLAIN.test(token) && !NOT_PLAIN.test(next)) bigrams.push(`${fold(token)} ${fold(next)}`);
    });
  }
  return { words, bigrams: [...new Set(bigrams)] };
}

// FNV-1a, 32 bits, of the UTF-8 of a folded term: its shard (generator/search.py `fnv1a`).
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h >>> 0;
}

const files = new Map();
function load(path) {
  if (!files.has(path)) {
    files.set(
      path,
      fetch(new URL(path, INDEX)).then((response) => {
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        return response.json();
      }),
    );
  }
  return files.get(path);
}

async function shardEntries(meta, keys) {
  const shards = [...new Set(keys.map((k) => fnv1a(k) % meta.shards))];
  const loaded = await Promise.all(shards.map((k) => load(`t/${k}.json`)));
  const entries = new Map();
  for (const shard of loaded) for (const entry of shard) entries.set(entry[0], entry);
  return entries;
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

// A line of text with the words of the query marked: text nodes and <mark> elements only.
function marked(tag, className, text, keys) {
  const out = el(tag, { class: className });
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    const key = fold(m[0]);
    if (!keys.has(key) && !m[0].split(/[/-]/).some((part) => keys.has(fold(part)))) continue;
    if (m.index > at) out.append(document.createTextNode(text.slice(at, m.index)));
    out.append(el("mark", { text: m[0] }));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.append(document.createTextNode(text.slice(at)));
  return out;
}

// Rank the pages the query's terms point to: pages holding more of the words first, then by the sum of the terms'
// weights times their idf. Returns [{page, score, matched, missing, sections}] best first, and whether a common
// word's postings were cut (the index keeps its best pages only).
function rank(meta, entries, terms) {
  const found = new Map();
  const idf = (df) => Math.log(1 + (meta.pages - df + 0.5) / (df + 0.5));
  let cut = false;
  const add = (postings, df, factor, word, seen) => {
    if (df > postings.length / 3) cut = true;
    const w = idf(df) * factor;
    for (let i = 0; i < postings.length; i += 3) {
      const page = postings[i];
      if (seen.has(page)) continue;
      seen.add(page);
      let r = found.get(page);
      if (!r) found.set(page, (r = { page, score: 0, words: new Set(), sections: [] }));
      r.score += w * postings[i + 1];
      if (word !== null) r.words.add(word);
      if (postings[i + 2] && !r.sections.includes(postings[i + 2])) r.sections.push(postings[i + 2]);
    }
  };
  terms.words.forEach((word, n) => {
    const entry = entries.get(word.key);
    if (!entry) return;
    const [, df, postings, exact] = entry;
    const seen = new Set();
    if (word.exact !== word.key && exact !== undefined) {
      // typed with diacritics: the pages with that very form first, the other forms after
      const forms = typeof exact === "string" ? (exact === word.exact ? [[exact, df, postings]] : []) : exact;
      const same = forms.find((f) => f[0] === word.exact);
      if (same) add(same[2], same[1], 1, n, seen);
      add(postings, df, FOLDED_WEIGHT, n, seen);
    } else {
      add(postings, df, 1, n, seen);
    }
  });
  for (const key of terms.bigrams) {
    const entry = entries.get(key);
    if (entry) add(entry[2], entry[1], 1, null, new Set());
  }
  const list = [...found.values()].filter((r) => r.words.size);
  for (const r of list) r.missing = terms.words.filter((_, n) => !r.words.has(n)).map((w) => w.exact);
  list.sort((a, b) => b.words.size - a.words.size || b.score - a.score || b.page - a.page);
  return { list, cut };
}

const folder = (name) => name.replace(/_/g, "-"); // the files of filter "hieu_luc" are in loc/hieu-luc

// The documents of each chosen filter value (loc/), as a test on a page number; null without filters.
async function filterTest(meta, selected) {
  const names = Object.keys(selected).filter((n) => meta.filters.includes(n));
  if (Object.keys(selected).length > names.length) return () => false; // a filter this site does not have
  if (!names.length) return null;
  const sets = await Promise.all(
    names.map(async (name) => {
      const option = (await load(`loc/${folder(name)}.json`)).find((o) => o[0] === selected[name]);
      if (!option) return () => false;
      const set = await load(`loc/${folder(name)}/${option[2]}.json`);
      if (set.b !== undefined) {
        const bits = Uint8Array.from(atob(set.b), (c) => c.charCodeAt(0));
        return (n) => n >= 0 && (bits[n >> 3] & (1 << (n & 7))) !== 0;
      }
      const members = new Set();
      let n = -1;
      for (const gap of set.g) members.add((n += gap));
      return (page) => members.has(page);
    }),
  );
  return (page) => sets.every((test) => test(page));
}

async function records(meta, pages) {
  const chunkOf = (n) => (n >= 0 ? `b/${Math.floor(n / meta.chunk)}.json` : `b/e${Math.floor((-n - 1) / meta.chunk)}.json`);
  const chunks = await Promise.all(pages.map((n) => load(chunkOf(n))));
  return pages.map((n, i) => chunks[i][n >= 0 ? n % meta.chunk : (-n - 1) % meta.chunk]);
}

function resultItem(record, hit, keys) {
  const url = SITE.pathname + record.u;
  const facts = [
    record.k,
    record.i,
    record.d,
    record.s ? `Người ký: ${record.s}` : null,
    record.h ? `Hiệu lực: ${record.h}` : null,
  ].filter(Boolean);
  const item = el(
    "li",
    { class: "vb-result" },
    el("a", { class: "vb-result-link", href: url, text: record.n || record.u }),
    record.t ? marked("p", "vb-result-subject", record.t, keys) : null,
    facts.length ? el("div", { class: "vb-result-facts", text: facts.join(" · ") }) : null,
  );
  // where the words are: the first section holding each word (document order), at most three
  const sections = ((hit && hit.sections) || [])
    .map((k) => (record.m || [])[k - 1])
    .filter(Boolean)
    .sort((a, b) => record.m.indexOf(a) - record.m.indexOf(b))
    .slice(0, 3);
  if (sections.length) {
    const list = el("ul", { class: "vb-result-sections", "aria-label": "Mục có từ cần tìm" });
    for (const [anchor, name] of sections) list.append(el("li", {}, el("a", { href: `${url}#${anchor}`, text: name })));
    item.append(el("div", { class: "vb-result-where", text: "Có từ cần tìm ở:" }), list);
  }
  if (hit && hit.missing && hit.missing.length) {
    item.append(el("div", { class: "vb-result-missing", text: `Không có từ: ${hit.missing.map((w) => `«${w}»`).join(", ")}` }));
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

async function fillFilterOptions(meta, selected) {
  for (const select of form.querySelectorAll("select[data-filter]")) {
    if (select.dataset.loaded) continue;
    const name = select.dataset.filter;
    const options = meta.filters.includes(name) ? await load(`loc/${folder(name)}.json`) : [];
    const values = options.map((o) => [o[0], o[1]]).sort((a, b) => a[0].localeCompare(b[0], "vi"));
    if (name === "nam") values.reverse();
    // the value of the URL was put in before the list came: the full list replaces it
    for (const option of Array.from(select.options)) if (option.value) option.remove();
    for (const [value, count] of values) {
      const option = el("option", { value, text: `${value} (${count})` });
      if (selected[name] === value) option.selected = true;
      select.append(option);
    }
    select.dataset.loaded = "1";
  }
}

let searchStart = 0;
// data-done-at: ms from the start of navigation to the results shown; data-search-ms: of which the search itself
// (loading the index files, ranking, showing the first results). Read by the tests and the benchmark.
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

  // Filter values are listed only when asked for: a search without filters downloads no filter data.
  const panel = document.getElementById("vb-loc");
  const fill = async () => {
    try {
      await fillFilterOptions(await load("meta.json"), filters);
    } catch (err) {
      console.warn("Không tải được danh sách bộ lọc", err);
    }
  };
  panel.addEventListener("toggle", (event) => {
    if (event.target.open) fill(); // also when opened above for the filters of the URL: the event comes later
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
  const query = raw ? normalizeQuery(raw) : "";
  const label = raw ? `«${raw}»` : "bộ lọc đã chọn";
  const terms = queryTerms(query);
  const keys = new Set(terms.words.map((w) => w.key));
  const list = el("ol", { class: "vb-result-list" });
  const status = el("p", { class: "vb-results-status" });
  const more = el("button", { type: "button", class: "md-button vb-more", text: "Xem thêm kết quả" });
  let hits = [];
  let cut = false;
  let shown = 0;
  let meta;
  const showMore = async () => {
    const batch = hits.slice(shown, shown + PAGE_SIZE);
    const recs = await records(meta, batch.map((h) => h.page));
    batch.forEach((hit, i) => {
      if (recs[i]) list.append(resultItem(recs[i], hit, keys));
    });
    shown += batch.length;
    if (shown < hits.length) box.append(more);
    else more.remove();
  };
  more.addEventListener("click", () => showMore());
  try {
    meta = await load("meta.json");
    const [entries, test] = await Promise.all([
      terms.words.length ? shardEntries(meta, [...terms.words.map((w) => w.key), ...terms.bigrams]) : new Map(),
      filterTest(meta, filters),
    ]);
    if (terms.words.length) {
      ({ list: hits, cut } = rank(meta, entries, terms));
      if (test) hits = hits.filter((h) => test(h.page));
    } else if (test) {
      // filters alone: the documents they choose, newest first (documents are numbered from the oldest)
      for (let n = meta.documents - 1; n >= 0; n -= 1) if (test(n)) hits.push({ page: n, sections: [], missing: [] });
    }
    box.replaceChildren(status, list);
    await showMore();
  } catch (err) {
    box.replaceChildren(
      el("p", { class: "vb-results-status", text: "Chưa tải được chỉ mục tìm kiếm. Hãy tải lại trang sau ít phút." }),
    );
    finish("error");
    throw err;
  }
  status.textContent = hits.length ? `Kết quả cho ${label}: ${hits.length.toLocaleString("vi")} kết quả.` : `Không tìm thấy văn bản nào cho ${label}.`;
  if (cut && hits.length) {
    status.append(
      el("span", { class: "vb-results-note", text: " Có từ xuất hiện trong rất nhiều văn bản: với từ đó, chỉ những văn bản khớp nhất được xét." }),
    );
  }
  if (!hits.length) box.append(el("p", { text: "Thử gõ ít từ hơn, kiểm tra số và ký hiệu văn bản, hoặc bỏ bớt bộ lọc." }));
  finish("done");
}

if (box && form) run();
