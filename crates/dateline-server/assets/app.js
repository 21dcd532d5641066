// dateline's one script: on an article page, show the evidence of the annotation under
// the pointer or with keyboard focus, and let the side lists move focus to an annotation.
// Everything else in the UI is server-rendered HTML and works without this file.
(function () {
  "use strict";
  var tip = document.getElementById("evidence");
  if (!tip) return;
  var article = document.getElementById("text");
  var current = null;

  var LAYER = {
    entity: "Entity", quote: "Quote", time: "Time", place: "Place",
    amount: "Amount", event: "Event"
  };

  function row(dl, name, value) {
    if (!value) return;
    var dt = document.createElement("dt");
    dt.textContent = name;
    var dd = document.createElement("dd");
    dd.textContent = value; // text only: nothing from the corpus is parsed as markup
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function show(el) {
    current = el;
    var d = el.dataset;
    tip.textContent = "";
    var head = document.createElement("strong");
    head.textContent = (LAYER[d.layer] || d.layer) + (d.label ? " · " + d.label : "");
    tip.appendChild(head);
    var dl = document.createElement("dl");
    if (d.layer === "quote") row(dl, "Speaker", d.speaker);
    if (d.layer === "quote") row(dl, "Speaker rule", d.speakerRule);
    row(dl, d.layer === "event" ? "Coded" : "Value", d.value);
    row(dl, "Component", d.component);
    row(dl, "Rule", d.rule);
    row(dl, "Confidence", d.confidence);
    // An annotation inside a quotation: say whose words these are.
    var quote = d.layer === "quote" ? null : el.parentElement && el.parentElement.closest('[data-layer="quote"]');
    if (quote) row(dl, "In a quote by", quote.dataset.speaker);
    tip.appendChild(dl);
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
  }

  function hide(el) {
    if (el && el !== current) return;
    current = null;
    tip.hidden = true;
  }

  function annotation(target) {
    return target && target.closest ? target.closest("[data-layer][data-id]") : null;
  }

  article.addEventListener("mouseover", function (e) {
    var el = annotation(e.target);
    if (el) show(el);
  });
  article.addEventListener("mouseout", function (e) {
    var el = annotation(e.target);
    var to = annotation(e.relatedTarget);
    if (el && to !== el) {
      if (to) show(to); else hide(el);
    }
  });
  article.addEventListener("focusin", function (e) {
    var el = annotation(e.target);
    if (el) show(el);
  });
  article.addEventListener("focusout", function (e) {
    hide(annotation(e.target));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide(current);
  });

  // Side lists: a link with data-focus="event-3" focuses that annotation.
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[data-focus]") : null;
    if (!link) return;
    var el = article.querySelector('[data-id="' + link.getAttribute("data-focus") + '"]');
    if (el) {
      e.preventDefault();
      el.scrollIntoView({ block: "center" });
      el.focus();
    }
  });

  // Arriving at #quote-N: focus that quote, so its evidence shows.
  if (location.hash.indexOf("#quote-") === 0) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) target.focus();
  }
})();
