// coopnet's pages: every table.sortable sorts when its header is clicked
// (tablesort, embedded before this script, with one sort method added here
// for columns mixing numbers and text), and every input.filter hides the
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
    // typing fires input; the box's clear button and a script's clear, change or search
    ['input', 'change', 'search'].forEach(function (e) { input.addEventListener(e, update); });
    update();
  }

  // Columns that mix numbers and text (a figure's value) sort numbers by
  // value first, then text case-insensitively. Tablesort's sort functions
  // give the descending order; it reverses them for ascending.
  var NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
  function ascending(a, b) {
    var x = NUMBER.test(a), y = NUMBER.test(b);
    if (x && y) return parseFloat(a) - parseFloat(b);
    if (x !== y) return x ? -1 : 1;
    a = a.trim().toLowerCase();
    b = b.trim().toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  Tablesort.extend('mixed', function () { return false; }, function (a, b) { return ascending(b, a); });

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
