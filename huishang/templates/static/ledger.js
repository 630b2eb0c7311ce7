// The ledger table of the dashboard: every row is in the page as data (#ledger-data), and
// one page of rows is in the table at a time, so a ledger of 100,000 items opens at once.
// Filter by text, status, warning and overdue; sort by a column; page through.
(function () {
  var table = document.getElementById('ledger');
  var source = document.getElementById('ledger-data');
  var body = table.tBodies[0];
  var keys = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
    return th.dataset.col;
  });
  var n = keys.length;
  // each row: its cells' texts, then status, warning colour, timing order, 1 if overdue,
  // what else a search finds it by (partners and their owners), and its page where that is
  // not its id; a text that repeats (a unit, a status) is a
  // number in `words`, at the places `worded` names. What a search looks in is made at
  // the first search, not while the page opens.
  var data = JSON.parse(source.textContent);
  var words = data.words;
  var worded = data.worded;
  var rows = data.rows.map(function (d) {
    for (var w = 0; w < worded.length; w += 1) { d[worded[w]] = words[d[worded[w]]]; }
    return {cells: d, status: d[n], warning: d[n + 1], order: d[n + 2],
            overdue: d[n + 3] === 1, also: d[n + 4],
            page: d.length > n + 5 ? d[n + 5] : d[0], text: null};
  });
  function searched(r) {
    if (r.text === null) {
      r.text = r.cells.slice(0, n).concat([r.also]).join('\n').toLowerCase();
    }
    return r.text;
  }
  var size = Number(source.dataset.page);
  var link = source.dataset.link;
  var text = document.getElementById('filter');
  var status = document.getElementById('status-filter');
  var warning = document.getElementById('warning-filter');
  var overdue = document.getElementById('overdue-filter');
  var count = document.getElementById('ledger-count');
  var label = document.getElementById('ledger-page');
  var prev = document.getElementById('ledger-prev');
  var next = document.getElementById('ledger-next');
  var collator = new Intl.Collator('zh');
  var shown = rows;
  var at = 0;

  function cell(r, i) {
    var td = document.createElement('td');
    if (keys[i] === 'id') {
      var a = document.createElement('a');
      a.href = link + r.page + '.html';
      a.textContent = r.cells[i];
      td.appendChild(a);
    } else {
      td.textContent = r.cells[i];
    }
    if (keys[i] === 'timing') { td.dataset.sort = String(r.order); }
    if (keys[i] === 'warning' && r.warning) { td.className = r.warning; }
    if (keys[i] === 'status') { td.className = 'status-' + r.status; }
    return td;
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / size));
    at = Math.min(at, pages - 1);
    var fragment = document.createDocumentFragment();
    shown.slice(at * size, (at + 1) * size).forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.status = r.status;
      tr.dataset.warning = r.warning;
      for (var i = 0; i < n; i += 1) { tr.appendChild(cell(r, i)); }
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    count.textContent = String(shown.length);
    label.textContent = label.dataset.pattern.replace('{n}', String(at + 1))
      .replace('{of}', String(pages));
    prev.disabled = at === 0;
    next.disabled = at >= pages - 1;
  }

  function apply() {
    var q = text.value.trim().toLowerCase();
    shown = rows.filter(function (r) {
      return (!q || searched(r).indexOf(q) >= 0) &&
        (!status.value || r.status === status.value) &&
        (!warning.value || r.warning === warning.value) &&
        (!overdue.checked || r.overdue);
    });
    at = 0;
    draw();
  }

  [text, status, warning, overdue].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  prev.addEventListener('click', function () { at -= 1; draw(); });
  next.addEventListener('click', function () { at += 1; draw(); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener('click', function () {
      var dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
      th.dataset.dir = dir;
      var timing = keys[i] === 'timing';
      function compare(a, b) {
        if (timing) { return a.order - b.order; }
        var x = a.cells[i], y = b.cells[i];
        var numbers = x !== '' && y !== '' && !isNaN(x) && !isNaN(y);
        return numbers ? x - y : collator.compare(x, y);
      }
      // every row is sorted once; the filter then keeps that order
      rows.sort(function (a, b) { return dir === 'asc' ? compare(a, b) : compare(b, a); });
      apply();
    });
  });
  var given = new URLSearchParams(window.location.search);
  if (given.get('q')) { text.value = given.get('q'); }
  if (given.get('status')) { status.value = given.get('status'); }
  if (given.get('warning')) { warning.value = given.get('warning'); }
  if (given.get('overdue')) { overdue.checked = true; }
  apply();
})();
