// lapack-ai report page: per-routine tables and charts built from the embedded results JSON.
// Text goes into the DOM through textContent only (never innerHTML), so names from result files
// stay inert. The page records what it drew in <body data-*> for the headless-Chromium test.
(function () {
  'use strict';
  var errors = [];
  function recordError(text) {
    errors.push(String(text));
    document.body.setAttribute('data-errors', String(errors.length));
    var p = document.getElementById('page-errors');
    p.hidden = false;
    p.textContent = errors.join('\n');
  }
  window.addEventListener('error', function (e) { recordError(e.message); });

  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
                '#17becf', '#7f7f7f', '#bcbd22'];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmt(v, digits) {
    if (v === null || v === undefined || !isFinite(v)) return '-';
    return Number(v).toPrecision(digits || 3);
  }
  function median(r) { return r.timing && r.timing.median_s > 0 ? r.timing.median_s : null; }
  function caseKey(r) { return r.leg + '\u0000' + JSON.stringify(r.params) + '\u0000' + r.op + r.type; }
  function schemeBase(backend) {
    var m = /^alphatensor:.*@([^@]+)$/.exec(backend);
    return m ? m[1] : null;
  }

  // Flattens legs into one list tagged with the leg name; groups by "op type".
  function groupResults(data) {
    var groups = {}, order = [];
    data.legs.forEach(function (leg) {
      leg.results.forEach(function (r) {
        r.leg = leg.name;
        var g = r.op + ' ' + r.type;
        if (!groups[g]) { groups[g] = []; order.push(g); }
        groups[g].push(r);
      });
    });
    return order.map(function (g) { return { name: g, results: groups[g] }; });
  }

  function seriesName(r, multiLeg) { return multiLeg ? r.backend + ' @ ' + r.leg : r.backend; }

  // {series name: [{x, y}]} sorted by x; y from value(r) (null values dropped).
  function series(results, multiLeg, value, nameOf) {
    var out = {};
    results.forEach(function (r) {
      var y = value(r);
      if (y === null || y === undefined || !isFinite(y)) return;
      var name = nameOf ? nameOf(r) : seriesName(r, multiLeg);
      (out[name] = out[name] || []).push({ x: r.params.n, y: y });
    });
    Object.keys(out).forEach(function (k) { out[k].sort(function (a, b) { return a.x - b.x; }); });
    return out;
  }

  // CPU-vs-GPU (best CPU median / device median) and scheme-vs-base (base median / scheme
  // median), matched on the same case in the same leg.
  function speedupSeries(results, data, multiLeg) {
    var cpu = {}, byKey = {};
    data.cpu_backends.forEach(function (b) { cpu[b] = true; });
    results.forEach(function (r) {
      var k = caseKey(r);
      (byKey[k] = byKey[k] || {})[r.backend] = r;
    });
    var out = {};
    function add(name, r, y) {
      if (!isFinite(y)) return;
      (out[name] = out[name] || []).push({ x: r.params.n, y: y });
    }
    results.forEach(function (r) {
      var t = median(r), peers = byKey[caseKey(r)];
      if (t === null) return;
      var base = schemeBase(r.backend);
      var suffix = multiLeg ? ' @ ' + r.leg : '';
      if (base) {
        if (peers[base] && median(peers[base]) !== null)
          add(r.backend + ' vs ' + base + suffix, r, median(peers[base]) / t);
      } else if (!cpu[r.backend]) {
        var best = null, bestName = null;
        Object.keys(peers).forEach(function (b) {
          var m = median(peers[b]);
          if (cpu[b] && m !== null && (best === null || m < best)) { best = m; bestName = b; }
        });
        if (best !== null) add(r.backend + ' vs best CPU' + suffix, r, best / t);
      }
    });
    Object.keys(out).forEach(function (k) { out[k].sort(function (a, b) { return a.x - b.x; }); });
    return out;
  }

  var planned = 0, drawn = 0;
  function chart(container, title, yTitle, points, logY, extra) {
    var names = Object.keys(points);
    if (names.length === 0) return;
    planned += 1;
    var box = el('div', null, 'chart-box');
    var canvas = el('canvas');
    box.appendChild(canvas);
    container.appendChild(box);
    var datasets = names.map(function (name, i) {
      return { label: name, data: points[name], borderColor: COLORS[i % COLORS.length],
               backgroundColor: COLORS[i % COLORS.length], pointRadius: 3, tension: 0 };
    });
    if (extra) datasets.push(extra(points));
    try {
      new Chart(canvas, {
        type: 'line',
        data: { datasets: datasets },
        options: {
          animation: false, maintainAspectRatio: false, parsing: true,
          plugins: { title: { display: true, text: title } },
          scales: { x: { type: 'linear', title: { display: true, text: 'n' } },
                    y: { type: logY ? 'logarithmic' : 'linear', title: { display: true, text: yTitle } } }
        }
      });
      if (canvasHasInk(canvas)) drawn += 1;
    } catch (e) {
      recordError('chart "' + title + '": ' + e.message);
    }
  }
  function canvasHasInk(canvas) {
    var ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
    var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (var i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
    return false;
  }
  function thresholdLine(points) {
    var xs = [];
    Object.keys(points).forEach(function (k) { points[k].forEach(function (p) { xs.push(p.x); }); });
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
    return { label: 'threshold (ratio = 1)', data: [{ x: lo, y: 1 }, { x: hi, y: 1 }],
             borderColor: '#8a1010', borderDash: [6, 4], pointRadius: 0 };
  }

  function cell(tr, text, cls) { tr.appendChild(el('td', text, cls)); }
  function table(results, multiLeg) {
    var t = el('table'), head = el('tr');
    var cols = (multiLeg ? ['leg'] : []).concat(['backend', 'm', 'n', 'k', 'trans', 'status',
      'error ratio', 'threshold', 'median s', 'CV', 'GFLOP/s', 'speedup', 'message']);
    cols.forEach(function (c) { head.appendChild(el('th', c)); });
    t.appendChild(head);
    results.forEach(function (r) {
      var tr = el('tr');
      if (multiLeg) cell(tr, r.leg);
      cell(tr, r.backend);
      cell(tr, r.params.m, 'num'); cell(tr, r.params.n, 'num'); cell(tr, r.params.k, 'num');
      cell(tr, r.params.transA + r.params.transB);
      cell(tr, r.status, 'status-' + r.status);
      var over = r.error_ratio !== null && r.tolerance > 0 && r.error_ratio >= r.tolerance;
      cell(tr, fmt(r.error_ratio), over ? 'num over' : 'num');
      cell(tr, fmt(r.tolerance), 'num');
      cell(tr, fmt(median(r), 4), 'num');
      cell(tr, r.timing ? fmt(r.timing.cv, 2) : '-', 'num');
      cell(tr, fmt(r.gflops, 4), 'num');
      cell(tr, r.speedup ? fmt(r.speedup.value) + ' vs ' + r.speedup.baseline : '-', 'num');
      cell(tr, r.message);
      t.appendChild(tr);
    });
    return t;
  }

  function render(data) {
    var groups = groupResults(data), multiLeg = data.legs.length > 1;
    var root = document.getElementById('op-sections');
    groups.forEach(function (g) {
      // Attached before the charts are made: Chart.js draws at once only into a canvas
      // that is in the document (otherwise it waits for an attach event).
      var section = el('section');
      root.appendChild(section);
      section.appendChild(el('h3', g.name));
      var charts = el('div', null, 'charts');
      section.appendChild(charts);
      chart(charts, g.name + ': GFLOP/s against n', 'GFLOP/s',
            series(g.results, multiLeg, function (r) { return r.gflops; }), false);
      chart(charts, g.name + ': speedup (CPU vs GPU, scheme vs base)', 'speedup (x)',
            speedupSeries(g.results, data, multiLeg), false);
      chart(charts, g.name + ': error ratio / threshold (pass below 1; floored at 1e-4)',
            'ratio / threshold', series(g.results, multiLeg, function (r) {
              if (r.error_ratio === null || !(r.tolerance > 0)) return null;
              return Math.max(r.error_ratio / r.tolerance, 1e-4);
            }), true, thresholdLine);
      section.appendChild(table(g.results, multiLeg));
    });
  }

  try {
    render(JSON.parse(document.getElementById('lapack-ai-data').textContent));
  } catch (e) {
    recordError('report: ' + e.message);
  }
  document.body.setAttribute('data-charts-planned', String(planned));
  document.body.setAttribute('data-charts-drawn', String(drawn));
  document.body.setAttribute('data-errors', String(errors.length));
  document.body.setAttribute('data-ready', '1');
})();
