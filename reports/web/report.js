// lapack-ai report page: per-routine tables and charts built from the embedded results JSON.
// Text goes into the DOM through textContent only (never innerHTML), so names from result files
// stay inert. The page records what it drew (charts, interval whiskers) in <body data-*> for the
// headless-Chromium test.
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
  // The record's speedup interval, when it was measured against `partner` (the runner's
  // baseline); a speedup against another backend has no interval of its own.
  function ciAgainst(r, partner) {
    var ci = r.speedup_ci;
    if (!r.speedup || r.speedup.baseline !== partner || !ci || ci.length !== 2) return null;
    return isFinite(ci[0]) && isFinite(ci[1]) && ci[0] !== null && ci[1] !== null ? ci : null;
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

  // CPU-vs-GPU (best CPU median / device median), scheme-vs-base (base median / scheme median),
  // matched on the same case in the same leg, and each other CPU backend's recorded speedup over
  // the run's baseline. Points carry the recorded interval (ci) where the partner is that baseline.
  function speedupSeries(results, data, multiLeg) {
    var cpu = {}, byKey = {};
    data.cpu_backends.forEach(function (b) { cpu[b] = true; });
    results.forEach(function (r) {
      var k = caseKey(r);
      (byKey[k] = byKey[k] || {})[r.backend] = r;
    });
    var out = {};
    function add(name, r, y, partner) {
      if (y === null || !isFinite(y)) return;
      var ci = ciAgainst(r, partner);
      (out[name] = out[name] || []).push({ x: r.params.n, y: y, ci: ci,
        text: ci ? r.speedup_text : fmt(y) + 'x' });
    }
    results.forEach(function (r) {
      var t = median(r), peers = byKey[caseKey(r)];
      if (t === null) return;
      var base = schemeBase(r.backend);
      var suffix = multiLeg ? ' @ ' + r.leg : '';
      if (base) {
        if (peers[base] && median(peers[base]) !== null)
          add(r.backend + ' vs ' + base + suffix, r, median(peers[base]) / t, base);
      } else if (!cpu[r.backend]) {
        var best = null, bestName = null;
        Object.keys(peers).forEach(function (b) {
          var m = median(peers[b]);
          if (cpu[b] && m !== null && (best === null || m < best)) { best = m; bestName = b; }
        });
        if (best !== null) add(r.backend + ' vs best CPU' + suffix, r, best / t, bestName);
      } else if (r.speedup && r.speedup.baseline !== r.backend && r.speedup.value !== null) {
        add(r.backend + ' vs ' + r.speedup.baseline + suffix, r, r.speedup.value, r.speedup.baseline);
      }
    });
    Object.keys(out).forEach(function (k) { out[k].sort(function (a, b) { return a.x - b.x; }); });
    return out;
  }

  // Error bars for points that carry an interval: Chart.js 3 has no error-bar chart type and no
  // plugin is bundled, so this inline plugin strokes a whisker from ci[0] to ci[1] per point.
  var whiskers = 0;
  var ciWhiskers = {
    id: 'lapackAiCiWhiskers',
    afterDatasetsDraw: function (c) {
      var ctx = c.ctx, y = c.scales.y, area = c.chartArea;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      c.data.datasets.forEach(function (ds, i) {
        var meta = c.getDatasetMeta(i);
        if (!c.isDatasetVisible(i)) return;
        ds.data.forEach(function (p, j) {
          var pt = meta.data[j];
          if (!p || !p.ci || !pt) return;
          var lo = y.getPixelForValue(p.ci[0]), hi = y.getPixelForValue(p.ci[1]);
          ctx.strokeStyle = ds.borderColor;
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(pt.x, lo); ctx.lineTo(pt.x, hi);
          ctx.moveTo(pt.x - 4, lo); ctx.lineTo(pt.x + 4, lo);
          ctx.moveTo(pt.x - 4, hi); ctx.lineTo(pt.x + 4, hi);
          ctx.stroke();
          whiskers += 1;
        });
      });
      ctx.restore();
    }
  };
  // The y range must hold the whiskers too, not only the points.
  function ciRange(points) {
    var lo = null, hi = null;
    Object.keys(points).forEach(function (k) {
      points[k].forEach(function (p) {
        if (!p.ci) return;
        lo = lo === null ? p.ci[0] : Math.min(lo, p.ci[0]);
        hi = hi === null ? p.ci[1] : Math.max(hi, p.ci[1]);
      });
    });
    return { lo: lo, hi: hi };
  }
  function tooltipLabel(item) {
    var p = item.raw || {};
    return item.dataset.label + ': ' + (p.text || fmt(item.parsed.y));
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
    var range = ciRange(points);
    try {
      new Chart(canvas, {
        type: 'line',
        data: { datasets: datasets },
        plugins: [ciWhiskers],
        options: {
          animation: false, maintainAspectRatio: false, parsing: true,
          plugins: { title: { display: true, text: title },
                     tooltip: { callbacks: { label: tooltipLabel } } },
          scales: { x: { type: 'linear', title: { display: true, text: 'n' } },
                    y: { type: logY ? 'logarithmic' : 'linear', title: { display: true, text: yTitle },
                         suggestedMin: range.lo === null ? undefined : range.lo,
                         suggestedMax: range.hi === null ? undefined : range.hi } }
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
  // "1.24x [1.18, 1.31] vs openblas" (text from the renderer: ≈ for no difference), plus an
  // "unstable" mark whose tooltip says why when this case's timing was too noisy to trust.
  function speedupCell(r) {
    var td = el('td', null, 'num speedup');
    td.appendChild(el('span', r.speedup ? r.speedup_text || fmt(r.speedup.value) + 'x' : '-', 'nowrap'));
    if (r.speedup) td.appendChild(document.createTextNode(' vs ' + r.speedup.baseline));
    if (r.timing && r.timing.unstable) {
      var mark = el('span', 'unstable', 'unstable-mark');
      mark.title = r.timing.unstable_reason || 'timing unstable';
      td.appendChild(document.createTextNode(' '));
      td.appendChild(mark);
    }
    return td;
  }
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
      if (r.timing && r.timing.stop_reason) tr.lastChild.title = 'sampling stopped: ' + r.timing.stop_reason;
      cell(tr, r.timing ? fmt(r.timing.cv, 2) : '-', 'num');
      cell(tr, fmt(r.gflops, 4), 'num');
      tr.appendChild(speedupCell(r));
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
      chart(charts, g.name + ': speedup (CPU vs GPU, scheme vs base, vs baseline)', 'speedup (x)',
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
  document.body.setAttribute('data-ci-whiskers', String(whiskers));
  document.body.setAttribute('data-errors', String(errors.length));
  document.body.setAttribute('data-ready', '1');
})();
