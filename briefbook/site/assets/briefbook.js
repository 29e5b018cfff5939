/* briefbook: timeline filters and claim previews. No framework, no third party.
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

  /* -- timeline filters ------------------------------------------------------------ */

  var FILTERS = ["actor", "theme", "kind", "status", "from", "to"];

  function matches(item, f) {
    var d = item.dataset;
    if (f.actor && d.actors.split(" ").indexOf(f.actor) < 0) return false;
    if (f.theme && d.themes.split(" ").indexOf(f.theme) < 0) return false;
    if (f.kind && d.kind !== f.kind) return false;
    if (f.status && d.status !== f.status) return false;
    // A claim is in the year range when its dates overlap it (intervals included).
    if (f.from && Number(d.to) < Number(f.from)) return false;
    if (f.to && Number(d.from) > Number(f.to)) return false;
    return true;
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
        if (el.matches("ul.bb-undated")) visible = true; // undated claims: not filtered by date
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
      hideEmptyHeadings(container);
      count.textContent = "Showing " + shown + " of " + items.length + " claims";
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
    var parts = [claim.kind.charAt(0).toUpperCase() + claim.kind.slice(1)];
    if (claim.date_text) parts.push(claim.date_text);
    if (claim.status !== "current") parts.push(claim.status);
    meta.textContent = parts.join(" · ");
    tip.appendChild(title);
    tip.appendChild(meta);
    document.body.appendChild(tip);
    var box = link.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
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
