/* briefbook: timeline filters, claim previews and evidence matrices. No framework, no third party.
 *
 * Everything here is an enhancement: without scripts the timeline lists every claim
 * and links work as links. Material's instant navigation swaps pages without a reload,
 * so setup runs for each page through its `document$` observable when it exists.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  // The site root, from this script's own URL (assets/briefbook.js): works on any host
  // and sub-path, and with or without directory URLs.
  var root = script ? new URL("..", script.src) : new URL("/", location.href);

  /* -- the page's words: English here, the site's language from the page ------------ */

  // A site in another language puts its words in <script type="application/json"
  // id="bb-strings"> (see page_words.py); English needs none.
  function strings() {
    var element = document.getElementById("bb-strings");
    if (element) {
      try {
        return JSON.parse(element.textContent);
      } catch (error) {
        /* English, below */
      }
    }
    return {};
  }

  function showing(shown, total) {
    var words = strings();
    var text = "Showing %(shown)s of %(total)s claims";
    if (words.count) {
      var category = "other";
      try {
        category = new Intl.PluralRules(words.locale).select(total);
      } catch (error) {
        /* "other" */
      }
      text = words.count[category] || words.count.other || text;
    }
    return text.replace("%(shown)s", String(shown)).replace("%(total)s", String(total));
  }

  function wordFor(group, value) {
    var words = strings()[group];
    return (words && words[value]) || value;
  }

  // A claim's EDTF date in words as the page's language writes it (patterns from the
  // CLDR through Babel, in the page's words); null when it cannot, and the preview
  // shows the words of the claim's JSON instead.
  function dateWords(edtf, dates) {
    function simple(text) {
      var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$/.exec(text);
      if (!m) return null;
      var year = String(Number(m[1]));
      var month = m[2] ? Number(m[2]) : 0;
      var words = m[3]
        ? dates.day[month - 1].replace("{d}", String(Number(m[3]))).replace("{y}", year)
        : month ? dates.month[month - 1].replace("{y}", year) : year;
      if (m[4] === "~" || m[4] === "%") words = (m[3] ? dates.aboutDay : dates.about).replace("%(date)s", words);
      if (m[4] === "?" || m[4] === "%") words = dates.uncertain.replace("%(date)s", words);
      return { words: words, day: Boolean(m[3]) };
    }
    if (!dates || !dates.day || !edtf) return null;
    var parts = String(edtf).split("/");
    var start = simple(parts[0]);
    if (!start) return null;
    if (parts.length === 1) return start.words;
    if (parts[1] === "..") return (start.day ? dates.sinceDay : dates.since).replace("%(date)s", start.words);
    var end = simple(parts[1]);
    return end ? dates.range.replace("%(start)s", start.words).replace("%(end)s", end.words) : null;
  }

  /* -- timeline filters ------------------------------------------------------------ */

  var FILTERS = ["actor", "theme", "kind", "status", "evidence", "from", "to"];

  function matches(item, f) {
    var d = item.dataset;
    if (f.actor && d.actors.split(" ").indexOf(f.actor) < 0) return false;
    if (f.theme && d.themes.split(" ").indexOf(f.theme) < 0) return false;
    if (f.kind && d.kind !== f.kind) return false;
    if (f.status && d.status !== f.status) return false;
    if (f.evidence && !bearsOn(item, f.evidence)) return false;
    // A claim is in the year range when its dates overlap it (intervals included).
    if (f.from && Number(d.to) < Number(f.from)) return false;
    if (f.to && Number(d.from) > Number(f.to)) return false;
    return true;
  }

  function bearsOn(item, judgment) {
    // Evidence for or against a judgment (format 1.1): the entry lists the judgments it bears on.
    return (item.dataset.bearsOn || "").split(" ").indexOf(judgment) >= 0;
  }

  function hideEmptyHeadings(container) {
    // A heading stays when any claim under it (up to the next heading of its level or
    // higher) is shown.
    var headings = container.querySelectorAll("h2, h3");
    headings.forEach(function (heading) {
      var level = Number(heading.tagName[1]);
      var visible = false;
      for (var el = heading.nextElementSibling; el; el = el.nextElementSibling) {
        if (/^H[1-6]$/.test(el.tagName) && Number(el.tagName[1]) <= level) break;
        if (el.matches("ul.bb-undated")) {
          // Undated claims are not filtered by date, only by evidence.
          var any = el.querySelector("li:not([hidden])") !== null;
          el.hidden = !any;
          visible = visible || any;
        }
        if (el.matches("ul.bb-timeline")) {
          var shown = el.querySelector("li:not([hidden])") !== null;
          el.hidden = !shown;
          visible = visible || shown;
        }
      }
      heading.hidden = !visible;
    });
  }

  function setupTimeline() {
    var form = document.querySelector("form.bb-filter");
    if (!form) return;
    var container = form.parentElement;
    var items = Array.prototype.slice.call(container.querySelectorAll("ul.bb-timeline > li"));
    var undated = Array.prototype.slice.call(container.querySelectorAll("ul.bb-undated > li"));
    var count = form.querySelector(".bb-count");
    var params = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) {
      if (params.has(name) && form.elements[name]) form.elements[name].value = params.get(name);
    });
    form.hidden = false;

    function apply(updateUrl) {
      var f = {};
      FILTERS.forEach(function (name) { f[name] = form.elements[name].value.trim(); });
      var shown = 0;
      items.forEach(function (item) {
        var ok = matches(item, f);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      // The evidence filter also applies to undated claims (assessments are evidence
      // too), which are then counted with the others.
      var total = items.length;
      undated.forEach(function (item) {
        item.hidden = Boolean(f.evidence) && !bearsOn(item, f.evidence);
        if (f.evidence) {
          total += 1;
          if (!item.hidden) shown += 1;
        }
      });
      hideEmptyHeadings(container);
      count.textContent = showing(shown, total);
      if (updateUrl) {
        var query = new URLSearchParams();
        FILTERS.forEach(function (name) { if (f[name]) query.set(name, f[name]); });
        var search = query.toString();
        history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
      }
    }

    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  /* -- claim previews ------------------------------------------------------------ */

  var cache = {};
  var tip = null;

  function claimIdOf(link) {
    var url = new URL(link.getAttribute("href"), location.href);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    var rest = url.pathname.slice(root.pathname.length);
    var match = /^claims\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/(?:index\.html)?|\.html)$/.exec(rest);
    return match ? match[1] : null;
  }

  function load(id) {
    if (!cache[id]) {
      cache[id] = fetch(new URL("api/claims/" + id + ".json", root))
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
    }
    return cache[id];
  }

  function show(link, claim) {
    hide();
    tip = document.createElement("div");
    tip.className = "bb-preview md-typeset";
    tip.setAttribute("role", "tooltip");
    tip.id = "bb-preview";
    var title = document.createElement("strong");
    title.textContent = claim.title;
    var meta = document.createElement("span");
    var kind = wordFor("kinds", claim.kind);
    var parts = [kind.charAt(0).toUpperCase() + kind.slice(1)];
    var date = claim.date_label || dateWords(claim.date, strings().dates) || claim.date_text;
    if (date) parts.push(date);
    if (claim.status !== "current") parts.push(wordFor("statuses", claim.status));
    meta.textContent = parts.join(" · ");
    tip.appendChild(title);
    tip.appendChild(meta);
    document.body.appendChild(tip);
    var box = link.getBoundingClientRect();
    // Under the link's start: its left edge, or its right edge in right-to-left text.
    var start = getComputedStyle(link).direction === "rtl" ? box.right - tip.offsetWidth : box.left;
    tip.style.left = Math.max(8, Math.min(start + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
    link.setAttribute("aria-describedby", tip.id);
  }

  function hide() {
    if (tip) {
      var described = document.querySelector("[aria-describedby='bb-preview']");
      if (described) described.removeAttribute("aria-describedby");
      tip.remove();
      tip = null;
    }
  }

  function onEnter(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.closest(".bb-preview, .md-nav, .md-header")) return;
    var id = claimIdOf(link);
    if (!id) return;
    load(id).then(function (document_) {
      if (document_ && document_.claim && (link.matches(":hover") || link === document.activeElement)) {
        show(link, document_.claim);
      }
    });
  }

  function onLeave(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link) hide();
  }

  document.addEventListener("mouseover", onEnter);
  document.addEventListener("focusin", onEnter);
  document.addEventListener("mouseout", onLeave);
  document.addEventListener("focusout", onLeave);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });

  /* -- evidence matrices: one judgment at a time when the table is wider than the page -- */

  var matrixLayouts = [];

  function setupMatrices() {
    matrixLayouts = [];
    document.querySelectorAll(".md-content .bb-matrix").forEach(function (region) {
      var table = region.querySelector("table");
      var heads = table ? table.querySelectorAll("thead th[data-col]") : [];
      if (!heads.length) return;
      var label = document.createElement("label");
      label.className = "bb-matrix-pick";
      label.appendChild(document.createTextNode(strings().pick || "Show the evidence for or against "));
      var select = document.createElement("select");
      heads.forEach(function (th) {
        var option = document.createElement("option");
        option.value = th.dataset.col;
        option.textContent = th.querySelector("a").textContent;
        select.appendChild(option);
      });
      label.appendChild(select);
      region.parentNode.insertBefore(label, region);

      function show(col) { // col: one judgment's column number (a string), or null for all
        // Each row is its header then one cell per judgment: column n is cell n + 1.
        var index = col === null ? -1 : Number(col) + 1;
        table.querySelectorAll("tr").forEach(function (row) {
          for (var i = 1; i < row.cells.length; i += 1) row.cells[i].hidden = index > 0 && i !== index;
          var cell = index > 0 && row.parentElement.tagName === "TBODY" ? row.cells[index] : null;
          row.hidden = cell !== null && cell !== undefined && !cell.querySelector("a");
        });
      }

      function layout() {
        show(null);
        region.classList.remove("bb-matrix-one");
        var tooWide = region.scrollWidth > region.clientWidth + 1;
        label.hidden = !tooWide;
        if (tooWide) {
          region.classList.add("bb-matrix-one");
          show(select.value);
        }
      }

      function showAll() { // on paper every judgment is shown, as without scripts
        show(null);
        label.hidden = true;
      }

      select.addEventListener("change", function () { show(select.value); });
      layout();
      matrixLayouts.push({ layout: layout, showAll: showAll });
    });
  }

  window.addEventListener("resize", function () {
    matrixLayouts.forEach(function (matrix) { matrix.layout(); });
  });
  window.addEventListener("beforeprint", function () {
    matrixLayouts.forEach(function (matrix) { matrix.showAll(); });
  });
  window.addEventListener("afterprint", function () {
    matrixLayouts.forEach(function (matrix) { matrix.layout(); });
  });

  /* -- print: write out where links go -------------------------------------------- */

  function setupPrint() {
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      // SVG links (the actor graphs) have no printable text after them.
      if (link instanceof HTMLAnchorElement && !link.getAttribute("href").startsWith("#")) {
        link.setAttribute("data-print-href", link.href);
      }
    });
  }

  function setup() {
    hide();
    setupTimeline();
    setupMatrices();
    setupPrint();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
