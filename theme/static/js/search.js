// Search page of the archive: queries the Pagefind bundle that plugins/search writes at build time.
//
// Pagefind folds tone marks by itself ("can tho" finds "Cần Thơ") and ranks exact diacritics
// first, but "đ" is a letter of its own that it never folds. So each query word typed without
// any diacritic is also tried with "đ" for each "d" ("dang" -> "đang", "hdnd" -> "hđnd",
// "171-qd/tw" -> "171-qđ/tw"), one Pagefind search per combination (at most data-max-variants),
// and the results are merged by their best score. Pages that hold the words as a phrase (with
// the diacritics as typed, best) then come first; see "Phrases" below. The index holds the real
// text, so excerpts always show the words as printed.
//
// State lives in the address (?q=&section=&source=&year=&sort=newest), so a search can be
// bookmarked, shared and reached from the plain GET form in every page header.

const root = document.getElementById("search");
const strings = JSON.parse(document.getElementById("search-strings").textContent);
const form = document.querySelector(".search-form");
const input = form.elements.q;
const filterSelects = [...form.querySelectorAll("select[data-filter]")];
const sortSelect = form.elements.sort;
const statusLine = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const moreButton = root.querySelector(".search-more");
const maxVariants = Number(root.dataset.maxVariants) || 16;
const pageSize = Number(root.dataset.pageSize) || 20;
const collator = new Intl.Collator("vi");
const pageTitle = document.title;

/** Fill "{name}" placeholders of a translated string. */
function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// --- d -> đ variants ------------------------------------------------------------------------

/** Spellings of one query word: itself, then with "đ" for some or all of its "d". */
export function wordVariants(word) {
  // A word typed with any diacritic was typed on a Vietnamese keyboard: its "d" means "d".
  if (!/^[\x20-\x7e]+$/.test(word)) return [word];
  const positions = [];
  for (let i = 0; i < word.length; i += 1) if (word[i] === "d" || word[i] === "D") positions.push(i);
  if (!positions.length) return [word];
  const n = Math.min(positions.length, 6);
  const masks = [];
  for (let mask = 1; mask < 1 << n; mask += 1) masks.push(mask);
  // Most "đ" first: every d of "hdnd" is đ in "HĐND"; Vietnamese syllables start with it.
  const bits = (m) => m.toString(2).replace(/0/g, "").length;
  masks.sort((a, b) => bits(b) - bits(a) || a - b);
  const variants = [word];
  for (const mask of masks) {
    const chars = [...word];
    positions.slice(0, n).forEach((pos, bit) => {
      if (mask & (1 << bit)) chars[pos] = chars[pos] === "D" ? "Đ" : "đ";
    });
    variants.push(chars.join(""));
  }
  return variants;
}

/** Queries to run for what was typed: every combination of word spellings, likeliest first. */
export function queryVariants(query, cap = maxVariants) {
  const words = query.trim().split(/\s+/).filter(Boolean);
  let combos = [{ words: [], rank: 0 }];
  for (const word of words) {
    const next = [];
    wordVariants(word).forEach((variant, rank) => {
      for (const combo of combos) next.push({ words: [...combo.words, variant], rank: combo.rank + rank });
    });
    next.sort((a, b) => a.rank - b.rank);
    combos = next.slice(0, cap);
  }
  return combos.map((combo) => combo.words.join(" ")).filter(Boolean);
}

// --- Pagefind --------------------------------------------------------------------------------
//
// Pagefind 1.5 searches in a web worker, one per pagefind.js module: the indexes merged into one
// module are searched one after the other in its worker, and over a big archive the first answer
// waits seconds for them. With one bundle per year, the bundles are shared out among up to one
// module per core (data-max-workers at most), each imported from the pagefind.js of its first
// bundle (another address, so a module and a worker of its own), and the workers search side by
// side. A merged Pagefind search is its indexes' results in order, sorted by score (a stable
// sort); the lanes hold the bundles in the same order and are put together the same way, so the
// results and their order do not depend on how many workers there are.

let pagefindPromise = null;

/** The filter that picks one bundle's pages (article.html sets a year and a month filter): a
 * year ("2024"), a month ("2025-12") or a quarter's months ("2025-Q3"). */
export function bundleFilter(name) {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(name);
  if (quarter) {
    const first = 3 * Number(quarter[2]) - 2;
    const months = [first, first + 1, first + 2].map(
      (month) => `${quarter[1]}-${String(month).padStart(2, "0")}`,
    );
    return { month: { any: months } };
  }
  return name.includes("-") ? { month: name } : { year: name };
}

/** ``items`` cut into at most ``count`` runs of consecutive items, of about the same
 * ``weight`` each: an item goes to the next run when its middle lies past the current run's
 * share of the total. */
export function shareOut(items, count, weight = () => 1) {
  const runs = Math.max(1, Math.min(count, items.length));
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  const shares = [[]];
  let done = 0;
  items.forEach((item, index) => {
    const current = shares[shares.length - 1];
    const toStart = runs - shares.length; // runs still to start after the current one
    const left = items.length - index; // items still to place, this one included
    const past = done + weight(item) / 2 > (total * shares.length) / runs;
    if (current.length && toStart > 0 && (past || left === toStart)) shares.push([]);
    shares[shares.length - 1].push(item);
    done += weight(item);
  });
  return shares;
}

/** How many workers to search with: one per core, within data-max-workers. */
function workerCount() {
  const most = Number(root.dataset.maxWorkers) || 4;
  return Math.max(1, Math.min(most, navigator.hardwareConcurrency || 1));
}

/** Filter counts of several searches, added up (as Pagefind merges its indexes' counts). */
function addCounts(all) {
  const merged = {};
  for (const counts of all) {
    for (const [name, values] of Object.entries(counts ?? {})) {
      const into = (merged[name] ??= {});
      for (const [value, count] of Object.entries(values)) into[value] = (into[value] ?? 0) + count;
    }
  }
  return merged;
}

/** Pagefind modules searched as one: what search.js asks of Pagefind, over every lane. */
class Lanes {
  constructor(modules, names, perYear) {
    this.modules = modules;
    this.names = names; // the bundles of each module
    // Names of the bundles when there is one per year (SEARCH_BUNDLE_PER_YEAR), newest first:
    // "2024" for a year; "2025-12" for a month of the newest quarter and "2025-Q3" for an
    // earlier quarter of the newest year (SEARCH_NEWEST_YEAR_BY_QUARTER). Empty for a single
    // bundle.
    this.bundleNames = perYear ? names.flat() : [];
  }

  async search(term, options) {
    return this.searchIn(this.modules, term, options);
  }

  /** A search of the one module that holds the bundle ``name`` (its pages are in no other). */
  async searchBundle(name, term, options) {
    const holder = this.modules.filter((_, lane) => this.names[lane].includes(name));
    return this.searchIn(holder, term, options);
  }

  async searchIn(modules, term, options) {
    const searches = await Promise.all(modules.map((m) => m.search(term, options)));
    const results = searches.flatMap((s) => s?.results ?? []).sort((a, b) => b.score - a.score);
    return { results };
  }

  async filters() {
    return addCounts(await Promise.all(this.modules.map((m) => m.filters())));
  }
}

/** One lane: the first bundle's Pagefind module, the others of ``run`` merged into it. */
async function loadLane(bundle, run, baseUrl) {
  const pagefind = await import(new URL(`${run[0]}pagefind.js`, bundle).href);
  await pagefind.options({ baseUrl, excerptLength: 32 });
  for (const other of run.slice(1)) {
    await pagefind.mergeIndex(new URL(other, bundle).href, { baseUrl });
  }
  await pagefind.init();
  return pagefind;
}

/** Pagefind, loaded once: with one bundle per year, the bundles shared out among lanes. */
function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = (async () => {
      const bundle = new URL(root.dataset.bundle, document.baseURI);
      // Result URLs are relative to the site root: a site under a sub-path needs its path.
      const baseUrl = new URL(root.dataset.siteRoot, document.baseURI).pathname;
      const perYear = root.dataset.perYear === "true";
      let bundles = [{ name: "", path: "", pages: 1 }];
      if (perYear) {
        // Asked again on every visit (a daily update may add a bundle); answered 304 if unchanged.
        const response = await fetch(new URL("bundles.json", bundle), { cache: "no-cache" });
        if (!response.ok) throw new Error(`bundles.json: HTTP ${response.status}`);
        // {"name": "2024", "pages": 1234}; a bare name from an older build counts as one page.
        const manifest = (await response.json()).map((b) => (typeof b === "string" ? { name: b } : b));
        bundles = manifest.map((b) => ({ name: b.name, path: `${b.name}/`, pages: b.pages || 1 }));
        if (!bundles.length) throw new Error("no search bundle");
      }
      const runs = shareOut(bundles, workerCount(), (b) => b.pages);
      const lanes = runs.map((run) => loadLane(bundle, run.map((b) => b.path), baseUrl));
      const names = runs.map((run) => run.map((b) => b.name));
      return new Lanes(await Promise.all(lanes), names, perYear);
    })();
  }
  return pagefindPromise;
}

let dateOrderPromise = null;

/** Position of every page in newest-first order, to sort merged results by date.
 *
 * Pagefind sorts the pages of one index; merged indexes are not sorted across each other, so
 * with one bundle per year each bundle is listed on its own (``bundleFilter`` picks its
 * pages), newest first. (Should two bundles' filters pick one page, it keeps its first place.)
 */
function dateOrder(pagefind) {
  if (!dateOrderPromise) {
    dateOrderPromise = (async () => {
      const sort = { date: "desc" };
      const { bundleNames } = pagefind;
      const lists = bundleNames.length
        ? await Promise.all(
            bundleNames.map((name) =>
              pagefind.searchBundle(name, null, { sort, filters: bundleFilter(name) }),
            ),
          )
        : [await pagefind.search(null, { sort })];
      const order = new Map();
      for (const search of lists) {
        for (const { id } of search.results) if (!order.has(id)) order.set(id, order.size);
      }
      return order;
    })();
  }
  return dateOrderPromise;
}

// --- Phrases ---------------------------------------------------------------------------------
//
// Pagefind ranks pages by their words, not by their order, and matches word prefixes: "can tho"
// would rank a page full of "cán bộ" and "hệ thống" with one that says "Cần Thơ", and cut its
// excerpt around "cán ... thống". Pages whose matched words stand side by side come first, and
// for the first results the page text is checked for the words as one phrase (tone marks and
// đ folded, no punctuation between them): those rank first and their excerpt is cut around it.

/** A word as typed or printed: lower case, no punctuation around it. */
export function plainWord(word) {
  return word
    .normalize("NFC")
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

/** A word for comparison: also without tone marks, đ as d. */
export function foldWord(word) {
  return plainWord(word)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .normalize("NFC");
}

/** The words of a query, as typed and folded; quotes ignored. */
function queryTerms(query) {
  return query
    .split(/\s+/)
    .map((word) => ({ plain: plainWord(word), folded: foldWord(word) }))
    .filter((term) => term.folded);
}

/** True when the matched word positions hold a run as long as the query. */
function hasRun(positions, length) {
  if (length < 2) return false;
  const set = new Set(positions);
  return positions.some((start) => {
    for (let i = 1; i < length; i += 1) if (!set.has(start + i)) return false;
    return true;
  });
}

/** How well a page's words hold the query at a position: 3 every word exactly as typed,
 * diacritics included; 2 every word with tone marks and đ folded; 1 the same but the last word
 * only as a prefix (still being typed, or "171" of "171-QĐ/TW"); 0 not as a phrase. */
function matchAt(words, start, terms) {
  let quality = 3;
  for (let i = 0; i < terms.length; i += 1) {
    const word = words[start + i];
    if (word === undefined) return 0;
    if (i < terms.length - 1 && /[.,;:!?)\]»”]$/.test(word)) return 0;
    if (plainWord(word) === terms[i].plain) continue;
    const folded = foldWord(word);
    if (folded === terms[i].folded) quality = Math.min(quality, 2);
    else if (i === terms.length - 1 && folded.startsWith(terms[i].folded)) quality = 1;
    else return 0;
  }
  return quality;
}

/** The best place of the query in a page's words: [quality, position]. */
export function bestMatch(words, positions, terms) {
  let best = [0, -1];
  for (const start of positions) {
    const quality = matchAt(words, start, terms);
    if (quality > best[0]) best = [quality, start];
    if (quality === 3) break;
  }
  return best;
}

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** An excerpt of the page text around a phrase, the phrase in one <mark>. */
function phraseExcerpt(words, start, length, size = 32) {
  const from = Math.max(0, start - Math.floor((size - length) / 3));
  const to = Math.min(words.length, Math.max(from + size, start + length));
  const text = (a, b) => escapeHtml(words.slice(a, b).join(" "));
  const parts = [
    text(from, start),
    `<mark>${text(start, start + length)}</mark>`,
    text(start + length, to),
  ].filter(Boolean);
  return (from > 0 ? "… " : "") + parts.join(" ") + (to < words.length ? " …" : "");
}

// --- Searching -------------------------------------------------------------------------------

/** A found page: Pagefind's result, its best score, every matched position, its data once. */
class Hit {
  constructor(result) {
    this.result = result;
    this.score = result.score;
    this.positions = new Set(result.words ?? []);
    this.quality = 0;
    this.excerpt = null;
    this.loaded = null;
  }

  data() {
    if (!this.loaded) this.loaded = this.result.data();
    return this.loaded;
  }

  /** Find the query in the page text (needs the page's data): quality and an excerpt. */
  async checkPhrase(terms) {
    const data = await this.data();
    const words = data.content.trim().split(/\s+/);
    const positions = [...this.positions].sort((a, b) => a - b);
    const [quality, start] = bestMatch(words, positions, terms);
    this.quality = quality;
    if (quality) this.excerpt = phraseExcerpt(words, start, terms.length);
  }
}

/** Results of all the variants of a query, each page once with its best score. */
async function searchAll(pagefind, state) {
  const filters = {};
  for (const [name, value] of Object.entries(state.filters)) if (value) filters[name] = value;
  const searches = await Promise.all(
    queryVariants(state.q).map((variant) => pagefind.search(variant, { filters })),
  );
  const hits = new Map();
  for (const search of searches) {
    for (const result of search?.results ?? []) {
      const hit = hits.get(result.id);
      if (!hit) {
        hits.set(result.id, new Hit(result));
        continue;
      }
      for (const position of result.words ?? []) hit.positions.add(position);
      if (result.score > hit.score) {
        hit.score = result.score;
        hit.result = result;
      }
    }
  }
  const found = [...hits.values()];
  const terms = queryTerms(state.q);
  if (state.sort === "newest") {
    const order = await dateOrder(pagefind);
    const position = (hit) => order.get(hit.result.id) ?? Number.MAX_SAFE_INTEGER;
    found.sort((a, b) => position(a) - position(b));
  } else {
    const near = new Map(found.map((hit) => [hit, hasRun([...hit.positions], terms.length)]));
    found.sort((a, b) => Number(near.get(b)) - Number(near.get(a)) || b.score - a.score);
  }
  if (terms.length) {
    // The page text is needed to show these anyway; beyond them, the order above stands.
    const first = found.slice(0, pageSize);
    await Promise.all(first.map((hit) => hit.checkPhrase(terms)));
    if (state.sort !== "newest") {
      first.sort((a, b) => b.quality - a.quality);
      found.splice(0, first.length, ...first);
    }
  }
  return found;
}

// --- Page ------------------------------------------------------------------------------------

/** What the form asks for. */
function readForm() {
  const filters = {};
  for (const select of filterSelects) filters[select.dataset.filter] = select.value;
  return { q: input.value.trim(), filters, sort: sortSelect.value };
}

/** Put the address's state into the form (the header box too). */
function writeForm(params) {
  input.value = params.get("q") ?? "";
  const header = document.getElementById("search-q");
  if (header) header.value = input.value;
  for (const select of filterSelects) select.dataset.wanted = params.get(select.name) ?? "";
  sortSelect.value = params.get("sort") === "newest" ? "newest" : "";
}

/** Keep the address in step with the form, without a new history entry per keystroke. */
function writeAddress(state) {
  document.title = state.q ? `“${state.q}” – ${pageTitle}` : pageTitle;
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

/** The filter menus, from the values Pagefind indexed (years newest first, names A-Z). */
async function fillFilters(pagefind) {
  const available = await pagefind.filters();
  for (const select of filterSelects) {
    const name = select.dataset.filter;
    const values = Object.keys(available[name] ?? {});
    values.sort(name === "year" ? (a, b) => b.localeCompare(a) : collator.compare);
    for (const value of values) select.append(new Option(value, value));
    if (values.includes(select.dataset.wanted)) select.value = select.dataset.wanted;
    select.closest(".search-filter").hidden = values.length === 0;
  }
  form.querySelector(".search-filters").hidden = false;
}

function resultItem(data, excerptHtml) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result-meta";
  const parts = [
    data.meta.date,
    data.meta.section && `${strings.section}: ${data.meta.section}`,
    data.meta.source && `${strings.source}: ${data.meta.source}`,
  ].filter(Boolean);
  parts.forEach((part, index) => {
    if (index) {
      const sep = document.createElement("span");
      sep.className = "sep";
      sep.setAttribute("aria-hidden", "true");
      sep.textContent = " · ";
      meta.append(sep);
    }
    const span = document.createElement("span");
    span.textContent = part;
    meta.append(span);
  });
  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  // Pagefind escapes the page text and adds only <mark> around the words found; so does
  // phraseExcerpt.
  excerpt.innerHTML = excerptHtml ?? data.excerpt;
  item.append(heading, meta, excerpt);
  return item;
}

let current = { results: [], shown: 0, token: 0 };

async function showMore() {
  const token = current.token;
  const slice = current.results.slice(current.shown, current.shown + pageSize);
  const data = await Promise.all(slice.map((hit) => hit.data()));
  if (token !== current.token) return;
  list.append(...data.map((item, index) => resultItem(item, slice[index].excerpt)));
  current.shown += slice.length;
  moreButton.hidden = current.shown >= current.results.length;
}

function setStatus(text, hint) {
  statusLine.textContent = text;
  if (hint) {
    const extra = document.createElement("span");
    extra.className = "search-hint";
    extra.textContent = ` ${hint}`;
    statusLine.append(extra);
  }
}

async function update() {
  const state = readForm();
  writeAddress(state);
  const token = current.token + 1;
  current = { results: [], shown: 0, token };
  list.replaceChildren();
  moreButton.hidden = true;
  if (!state.q) {
    setStatus(strings.empty);
    return;
  }
  setStatus(strings.searching);
  root.setAttribute("aria-busy", "true");
  try {
    const pagefind = await loadPagefind();
    const results = await searchAll(pagefind, state);
    if (token !== current.token) return;
    current.results = results;
    if (!results.length) {
      setStatus(format(strings.none, { query: state.q }), strings.noneHint);
      return;
    }
    setStatus(format(strings.count, { count: results.length.toLocaleString("vi-VN"), query: state.q }));
    await showMore();
  } catch (error) {
    if (token !== current.token) return;
    console.warn("search unavailable:", error);
    setStatus(strings.unavailable);
  } finally {
    if (token === current.token) root.removeAttribute("aria-busy");
  }
}

let timer = null;
function updateSoon() {
  clearTimeout(timer);
  timer = setTimeout(update, 250);
}

async function start() {
  writeForm(new URLSearchParams(location.search));
  if (root.dataset.enabled === "false") {
    setStatus(strings.unavailable);
    return;
  }
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  input.addEventListener("input", updateSoon);
  input.addEventListener("focus", () => loadPagefind().catch(() => {}), { once: true });
  for (const select of [...filterSelects, sortSelect]) select.addEventListener("change", update);
  moreButton.addEventListener("click", showMore);
  try {
    await fillFilters(await loadPagefind());
  } catch (error) {
    console.warn("search unavailable:", error);
    setStatus(strings.unavailable);
    return;
  }
  await update();
}

start();
