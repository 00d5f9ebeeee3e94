// The autotrack listeners (TQ_AUTOTRACK, the `autotrack` feature): clicks,
// submits and single-page apps' navigations, handed over as facts, and the
// landing's URLs as the core reads them.

// The facts of a click or a submit on `n`: it and the elements it is in,
// up to the root, each as [id, class, its number if a command named it].
function tqChain(n) {
  for (var chain = []; n && n.getAttribute; n = n.parentNode) {
    chain.push([n.id, n.getAttribute('class'), -1 - tqEls.indexOf(n)]);
  }
  return chain;
}

// A click, with the link it is on: the core decides what it records and
// whether the page is being left.
var tqClick = TQ_AUTOTRACK && tqSafe((e) => {
  var t = e.target, a = (t.closest && t.closest('a[href]')) || {};
  on(TQ_CLICK, JSON.stringify([tqChain(t), a.href, a.target]), e.button, e.ctrlKey || e.metaKey || e.shiftKey || e.altKey);
});

// A URL change without a load (single-page apps).
var tqNav = () => on(TQ_NAVIGATED, [location.href, location.pathname, document.title].join('\n'));

// A URL's host and decoded query parameters, by the browser's own parser.
function tqQuery(u) {
  try {
    u = new URL(u);
    return [u.hostname, Object.fromEntries(u.searchParams)];
  } catch (e) {
    return ['', {}];
  }
}

// The listeners, once the queue is replayed. On the whole window,
// capturing (before the page's handlers can stop the event): elements
// added later count too.
function tqAutotrack() {
  addEventListener('click', tqClick, true);
  addEventListener('auxclick', tqClick, true);
  addEventListener('submit', tqSafe((e) => {
    var f = e.target;
    on(TQ_SUBMIT, JSON.stringify([tqChain(f), Array.from(f.elements || [], (i) => [i.name, i.type, i.value, i.className, i.checked])]));
  }), true);
  ['pushState', 'replaceState'].forEach((m) => {
    var f = history[m];
    history[m] = function () {
      var r = f.apply(this, arguments);
      tqNav();
      return r;
    };
  });
  addEventListener('popstate', tqNav);
  addEventListener('hashchange', tqNav);
}
