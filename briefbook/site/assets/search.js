/* briefbook: search with Pagefind, in Material's search box. No framework, no third party.
 *
 * Nothing is downloaded until the reader opens the search: then Pagefind's script
 * (pagefind/pagefind.js, written by the build) loads, and each query fetches only the
 * index chunks it needs, and the fragments of the results shown (ten at a time).
 * Keyboard as in Material: `/`, `s` or `f` opens the search, Escape closes it, the
 * arrow keys move through the results, Enter follows the focused (or first) one.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-bb-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle || box.hasAttribute("data-bb-ready")) return;
  box.setAttribute("data-bb-ready", "");

  var script = document.currentScript;
  // The site root, from this script's own URL (assets/search.js), as briefbook.js does.
  var root = script ? new URL("..", script.src) : new URL("/", location.href);
  var input = box.querySelector("[data-bb-search-query]");
  var form = box.querySelector("form");
  var list = box.querySelector("[data-bb-search-results]");
  var meta = box.querySelector("[data-bb-search-meta]");
  var more = box.querySelector("[data-bb-search-more]");
  var details = box.querySelector(".bb-search-filters");
  var selects = Array.prototype.slice.call(box.querySelectorAll("[data-bb-search-filter]"));
  var words = {};
  try {
    words = JSON.parse(document.getElementById("__config").textContent).translations || {};
  } catch (error) {
    words = {};
  }
  var PAGE = 10;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0;

  function say(key, fallback, count) {
    var text = words[key] || fallback;
    return count === undefined ? text : text.replace("#", String(count));
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (api) {
        // init() fetches the index's entry, metadata and WebAssembly while the reader types.
        return Promise.resolve(api.options({ baseUrl: root.pathname, excerptLength: 24 }))
          .then(function () {
            return api.init();
          })
          .then(function () {
            return api;
          });
      });
      pagefind.catch(function () {
        pagefind = null; // try again on the next query (e.g. after `mkdocs serve` rebuilt it)
      });
    }
    return pagefind;
  }

  function unavailable() {
    var element = document.getElementById("bb-strings"); // the site's language (see page_words.py)
    var own = {};
    try {
      own = element ? JSON.parse(element.textContent) : {};
    } catch (error) {
      own = {};
    }
    meta.textContent =
      own.unavailable || "Search is not available right now (the site may be rebuilding its index): try again in a moment.";
  }

  function chosenFilters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-bb-search-filter")] = select.value;
    });
    return chosen;
  }

  /* Pagefind's excerpt is the page's text with <mark> around matches: only the text and
     the marks are kept, so nothing in it can become markup. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var p = document.createElement("p");
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    var facts = [];
    if (data.meta) {
      if (data.meta.kind) facts.push(data.meta.kind);
      if (data.meta.date) facts.push(data.meta.date);
      if (data.meta.status && data.meta.status !== "Current") facts.push(data.meta.status);
    }
    if (facts.length) {
      var line = document.createElement("p");
      line.className = "bb-search-facts";
      line.textContent = facts.join(" · ");
      article.appendChild(line);
    }
    if (data.excerpt) article.appendChild(excerpt(data.excerpt));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function showMore(query) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (query !== latest) return;
      pages.forEach(function (data) {
        list.appendChild(item(data));
      });
      more.hidden = shown >= results.length;
    });
  }

  function run() {
    var term = input.value.trim();
    var chosen = chosenFilters();
    var query = ++latest;
    list.setAttribute("aria-busy", "true");
    if (!term && !Object.keys(chosen).length) {
      list.removeAttribute("aria-busy");
      list.textContent = "";
      more.hidden = true;
      meta.textContent = say("search.result.placeholder", "Type to start searching");
      return Promise.resolve();
    }
    return load()
      .then(function (api) {
        return api.search(term || null, { filters: chosen });
      })
      .then(function (search) {
        if (query !== latest || !search) return;
        results = search.results;
        shown = 0;
        list.textContent = "";
        // the count is said once the first results are on screen, not before
        return showMore(query).then(function () {
          if (query !== latest) return;
          var n = results.length;
          meta.textContent =
            n === 0
              ? say("search.result.none", "No matching documents")
              : n === 1
                ? say("search.result.one", "1 matching document")
                : say("search.result.other", "# matching documents", n);
          list.removeAttribute("aria-busy");
        });
      })
      .catch(function () {
        if (query !== latest) return;
        list.removeAttribute("aria-busy");
        unavailable();
      });
  }

  function fillFilters() {
    return load()
      .then(function (api) {
        return api.filters();
      })
      .then(function (available) {
        selects.forEach(function (select) {
          var key = select.getAttribute("data-bb-search-filter");
          var counts = available[key] || {};
          var values = Object.keys(counts).sort(function (a, b) {
            return key === "year" ? Number(b) - Number(a) : a.localeCompare(b);
          });
          var current = select.value;
          select.length = 1;
          values.forEach(function (value) {
            var option = new Option(value + " (" + counts[value] + ")", value);
            select.add(option);
          });
          select.value = current;
          select.closest("label").hidden = values.length === 0;
        });
      })
      .catch(unavailable);
  }

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
    load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  var timer = 0;
  input.addEventListener("input", function () {
    list.setAttribute("aria-busy", "true"); // until the results of what is typed are shown
    latest++; // a search still running is for text no longer there: its results are dropped
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", function () {
    toggle.checked = true;
    load();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
      load();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      run();
      input.focus();
    }, 0);
  });
  more.addEventListener("click", function () {
    showMore(latest);
  });
  selects.forEach(function (select) {
    select.addEventListener("change", run);
  });
  details.addEventListener("toggle", function () {
    if (details.open) fillFilters();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) toggle.checked = false;
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing =
      target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName || ""));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var stops = [input].concat(links());
      var at = stops.indexOf(document.activeElement);
      if (at < 0 && target !== input) return;
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      stops[Math.max(0, Math.min(stops.length - 1, next))].focus();
    }
  });
})();
