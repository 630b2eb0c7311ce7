// The ledger table of the dashboard: filter by text, status and warning; sort by a column.
(function () {
  var table = document.getElementById('ledger');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById('filter');
  var status = document.getElementById('status-filter');
  var warning = document.getElementById('warning-filter');
  var count = document.getElementById('ledger-count');
  function apply() {
    var q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
        (!status.value || r.dataset.status === status.value) &&
        (!warning.value || r.dataset.warning === warning.value);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  [text, status, warning].forEach(function (el) { el.addEventListener('input', apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener('click', function () {
      var dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
      th.dataset.dir = dir;
      function key(r) {
        var c = r.cells[i];
        return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var n = (x !== '' && y !== '' && !isNaN(x) && !isNaN(y)) ? x - y : x.localeCompare(y, 'zh');
        return dir === 'asc' ? n : -n;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var given = new URLSearchParams(window.location.search);
  if (given.get('q')) { text.value = given.get('q'); }
  if (given.get('status')) { status.value = given.get('status'); }
  if (given.get('warning')) { warning.value = given.get('warning'); }
  apply();
})();
