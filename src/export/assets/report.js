// coopnet's pages: every table.sortable sorts when its header is clicked
// (tablesort, embedded before this script), and every input.filter hides the
// rows of its table that do not hold all the words typed. Hand-written: a
// filter box is a dozen lines, smaller than any library that offers one.
(function () {
  'use strict';

  function filter(input) {
    var table = document.getElementById(input.getAttribute('data-table'));
    var count = document.getElementById(input.getAttribute('data-table') + '-count');
    if (!table || !table.tBodies.length) return;
    var rows = table.tBodies[0].rows;
    var update = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].textContent.toLowerCase();
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        rows[i].hidden = !hit;
        if (hit) shown++;
      }
      if (count) {
        count.textContent = words.length
          ? shown + ' of ' + rows.length + ' rows'
          : rows.length + (rows.length === 1 ? ' row' : ' rows');
      }
    };
    input.addEventListener('input', update);
    update();
  }

  function init() {
    var tables = document.querySelectorAll('table.sortable');
    for (var i = 0; i < tables.length; i++) new Tablesort(tables[i]);
    var inputs = document.querySelectorAll('input.filter');
    for (var j = 0; j < inputs.length; j++) filter(inputs[j]);
    document.documentElement.className += ' js';
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
