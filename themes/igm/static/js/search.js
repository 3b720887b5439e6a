// The search page (/buscar/): runs the query in the address (?q=, with the
// optional filters ?tipo= and ?anio=, and ?orden=relevancia) through
// Pagefind's API and lists the results: newest first unless ordered by
// relevance (see ranked()). The index and Pagefind's own script are files of this site
// (pagefind/), so no request leaves it. A search is a link: submitting the
// form changes the address, so it can be shared or bookmarked.

const PAGE_SIZE = 10;

const root = document.querySelector(".search-page");
const form = root.querySelector("form");
const input = form.querySelector("input[name=q]");
const kind = form.querySelector("select[name=tipo]");
const year = form.querySelector("select[name=anio]");
const order = form.querySelector("select[name=orden]");
const status = document.getElementById("search-page-status");
const list = document.getElementById("search-page-results");
const more = document.getElementById("search-page-more");
const noScript = document.getElementById("search-page-nojs");

let pagefind = null;
// The index's parts (src/search/parts.rs), when there are several: the year
// of the recent part's reports, and each archive part's folder and years,
// newest part first.
let parts = {};
let results = [];
let shown = 0;
// Each search gets a number, so an answer that arrives late is dropped.
let latest = 0;

function plural(n, one, many) {
  return n === 1 ? one : many;
}

function fromAddress() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  kind.value = params.get("tipo") || "";
  year.value = params.get("anio") || "";
  order.value = params.get("orden") || "";
  // A value the list does not offer leaves no option selected: search all,
  // newest first.
  if (kind.selectedIndex < 0) kind.value = "";
  if (year.selectedIndex < 0) year.value = "";
  if (order.selectedIndex < 0) order.value = "";
}

function toAddress() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (kind.value) params.set("tipo", kind.value);
  if (year.value) params.set("anio", year.value);
  if (order.value) params.set("orden", order.value);
  const query = params.toString();
  return location.pathname + (query ? "?" + query : "");
}

function filters() {
  const f = {};
  if (kind.value) f.kind = kind.value;
  if (year.value) f.year = year.value;
  return f;
}

async function run() {
  const term = input.value.trim();
  const mine = ++latest;
  list.replaceChildren();
  more.hidden = true;
  results = [];
  shown = 0;
  if (!term) {
    status.textContent = "";
    document.title = document.title.replace(/^.*? · /, "Buscar · ");
    return;
  }
  status.textContent = "Buscando…";
  const found = await ranked(term);
  if (mine !== latest) return;
  results = found;
  await showMore(mine);
  if (mine !== latest) return;
  // Announced once the first results are on the page, not before.
  const n = results.length;
  status.textContent =
    n === 0
      ? `No se encontró nada para «${term}». Pruebe con otras palabras o quite los filtros.`
      : `${n} ${plural(n, "resultado", "resultados")} para «${term}».`;
  document.title = document.title.replace(/^.*? · /, `${term} · `);
}

// The results for `term` in the chosen order. By relevance: Pagefind's own
// ranking. Newest first (the default): the reports, which carry their month
// as the sort key `date` (src/search/mod.rs), newest month first; then what
// has no month (indicators, pages), by relevance. Pagefind leaves pages
// without the key out of a sorted search, so both searches are made (the
// second reuses the index chunks the first loaded).
async function ranked(term) {
  const options = { filters: filters() };
  const all = await pagefind.search(term, options);
  if (!all) return [];
  if (order.value === "relevancia") return all.results;
  const first = await newestFirst(term, options);
  const seen = new Set(first.map((r) => r.id));
  return first.concat(all.results.filter((r) => !seen.has(r.id)));
}

// The reports found, newest month first. Pagefind sorts within each part of
// the index, but puts the merged results of several parts in order of score,
// which mixes them. The parts are years (the recent one holds the newest
// year's reports, each archive part some whole years before), so each part's
// years are asked for in turn, newest part first: each answer comes from one
// part only. A chosen year is in one part already.
async function newestFirst(term, options) {
  const sort = { date: "desc" };
  const asks = !parts.archivo || options.filters.year
    ? [options.filters]
    : [
        { ...options.filters, year: parts.reciente },
        ...parts.archivo.map((part) => ({ ...options.filters, year: { any: part.anios } })),
      ];
  const found = await Promise.all(asks.map((f) => pagefind.search(term, { ...options, filters: f, sort })));
  return found.flatMap((r) => (r ? r.results : []));
}

async function showMore(mine) {
  const next = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (mine !== latest) return;
  const first = shown;
  for (const d of data) list.append(item(d));
  shown += next.length;
  more.hidden = shown >= results.length;
  return first;
}

// One result: the page's title as a link, what it is (and the month of a
// report), then the best matching section (a table, a heading) with its
// excerpt, words highlighted by Pagefind with <mark>.
function item(d) {
  const li = document.createElement("li");
  li.className = "search-result";
  const title = document.createElement("h2");
  title.className = "search-result-title";
  const link = document.createElement("a");
  link.href = d.url;
  link.textContent = d.meta.title || d.url;
  title.append(link);
  li.append(title);

  const meta = document.createElement("p");
  meta.className = "search-result-meta";
  const what = d.meta.kind ? d.meta.kind[0].toUpperCase() + d.meta.kind.slice(1) : "";
  meta.textContent = [what, d.meta.period].filter(Boolean).join(" · ");
  li.append(meta);

  const section = (d.sub_results || []).find((s) => s.title && s.title !== d.meta.title);
  if (section) {
    const where = document.createElement("p");
    where.className = "search-result-section";
    const a = document.createElement("a");
    a.href = section.url;
    a.textContent = section.title;
    where.append("En ", a);
    li.append(where);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  // Pagefind escapes the page text and adds only <mark> around the words found.
  excerpt.innerHTML = section ? section.excerpt : d.excerpt;
  li.append(excerpt);
  return li;
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  history.pushState(null, "", toAddress());
  run();
});
// A new order applies at once: the results are listed again, nothing else moves.
order.addEventListener("change", () => {
  history.pushState(null, "", toAddress());
  run();
});
addEventListener("popstate", () => {
  fromAddress();
  run();
});
more.addEventListener("click", async () => {
  const first = await showMore(latest);
  // Keyboard and screen-reader users continue from the first new result.
  const link = list.children[first]?.querySelector("a");
  if (link) link.focus();
});

// What the index is made of (src/search/parts.rs); an index without the
// file is in one part.
async function readParts() {
  const response = await fetch(root.dataset.bundle + "faro-partes.json");
  return response.ok ? response.json() : {};
}

fromAddress();
try {
  const [loaded, read] = await Promise.all([import(root.dataset.bundle + "pagefind.js"), readParts()]);
  pagefind = loaded;
  parts = read;
  await pagefind.options({ excerptLength: 24 });
  // The archive parts share the recent part's script and WebAssembly.
  // A part the host lacks must never hide its years without a word: each
  // entry is asked for first, so a missing part is a search that is not
  // available at once, naming the part (Pagefind 1.6 would fail too, but
  // only inside its worker, on the first search).
  const archive = (parts.archivo || []).map((part) => root.dataset.bundle + part.carpeta);
  const entries = await Promise.all(archive.map((dir) => fetch(dir + "pagefind-entry.json")));
  const missing = entries.find((entry) => !entry.ok);
  if (missing) throw new Error(`an archive part is missing: ${missing.url} ${missing.status}`);
  for (const dir of archive) await pagefind.mergeIndex(dir, { excerptLength: 24 });
  noScript.hidden = true;
  await run();
} catch (e) {
  status.textContent =
    "La búsqueda no está disponible en este momento. Puede buscar por año o por indicador con los enlaces de abajo.";
  noScript.hidden = false;
  noScript.classList.add("search-page-failed");
  console.error(e);
}
