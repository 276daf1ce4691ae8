/**
 * The report page's own script, inlined into report.html after ECharts. It reads the data
 * block with JSON.parse and builds everything with DOM APIs and textContent: no innerHTML,
 * no eval, no network. Tooltips use ECharts' richText mode (drawn on canvas, not HTML).
 * Kept as plain ES2020 in a string so it runs untouched in any current browser.
 */
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var T = { start: performance.now() };
  var D = JSON.parse(document.getElementById('moat-data').textContent);
  T.parsed = performance.now();
  var BIDI = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
  function vis(s) {
    return String(s).replace(BIDI, function (c) { return '<U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '>'; });
  }
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = vis(attrs[k]);
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function fmt(n) {
    var a = Math.abs(n);
    if (a >= 1e12) return (n / 1e12).toFixed(1) + ' T';
    if (a >= 1e9) return (n / 1e9).toFixed(1) + ' B';
    if (a >= 1e6) return (n / 1e6).toFixed(1) + ' M';
    return Math.round(n).toLocaleString('en-US');
  }
  function pct(x) { return (x * 100).toFixed(1) + '%'; }
  function day(iso) { return iso ? iso.slice(0, 10) : ''; }
  function when(iso) { return iso ? iso.slice(0, 16).replace('T', ' ') + 'Z' : '—'; }
  var PALETTE = ['#2f5bea', '#e8590c', '#2b8a3e', '#c2255c', '#6741d9', '#0b7285', '#e67700', '#5c940d', '#a61e4d', '#364fc7'];
  var KIND_COLORS = { payment: '#c92a2a', template: '#1971c2', user_agent: '#5f3dc4', asn: '#2b8a3e', subnet: '#087f5b', ip: '#0b7285',
    email_pattern: '#e67700', creation_wave: '#a61e4d', lockstep: '#495057', system_prompt: '#74c0fc', campaign: '#adb5bd' };
  function color(i) { return i < 0 ? '#868e96' : PALETTE[i % PALETTE.length]; }
  var charts = [];
  var TOOLTIP = { renderMode: 'richText', confine: true };

  function table(head, rows, cls, colCls) {
    var thead = el('thead', null, [el('tr', null, head.map(function (h) { return el('th', { text: h }); }))]);
    var tbody = el('tbody', null, rows.map(function (r) {
      return el('tr', null, r.map(function (c, i) { return el('td', colCls && colCls[i] ? { text: c, cls: colCls[i] } : { text: c }); }));
    }));
    return el('table', { cls: cls || 'grid' }, [thead, tbody]);
  }
  function section(id, title, note) {
    var s = el('section', { id: id, cls: 'card' }, [el('h2', { text: title })]);
    if (note) s.appendChild(el('p', { cls: 'note', text: note }));
    return s;
  }
  function chartBox(cls) { return el('div', { cls: 'chart ' + (cls || '') }); }
  // Charts are drawn when their box comes near the viewport: a report with many campaigns
  // only pays for what is on screen. Boxes visible at load are drawn before the page is ready.
  var pending = [];
  function draw(box, option) {
    var c = echarts.init(box, null, { renderer: 'canvas' });
    c.setOption(typeof option === 'function' ? option() : option);
    charts.push(c);
    box.setAttribute('data-drawn', '1');
  }
  var observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      observer.unobserve(e.target);
      for (var i = 0; i < pending.length; i++) if (pending[i][0] === e.target) { draw(pending[i][0], pending[i][1]); pending.splice(i, 1); break; }
    });
  }, { rootMargin: '300px 0px' }) : null;
  function mount(box, option) {
    if (!observer) return draw(box, option);
    pending.push([box, option]);
  }
  function drawVisible() {
    var h = window.innerHeight + 300;
    pending = pending.filter(function (p) {
      var r = p[0].getBoundingClientRect();
      if (r.top < h && r.bottom > -300) { draw(p[0], p[1]); return false; }
      observer.observe(p[0]);
      return true;
    });
  }

  var root = document.getElementById('app');
  var H = D.headline;

  // Overview: campaigns table and the top reasons.
  var ov = section('overview', 'Campaigns');
  ov.appendChild(table(['Campaign', 'Accounts', 'Exchanges', 'Output tokens', 'Confidence', 'First seen', 'Last seen', 'Summary'],
    D.campaigns.map(function (c) {
      return [(c.suspected ? 'suspected group ' : '') + c.id, fmt(c.account_count), fmt(c.exchanges), fmt(c.output_tokens), pct(c.confidence), day(c.first_seen), day(c.last_seen), c.summary];
    }), 'grid', ['nw', 'num', 'num', 'num', 'num', 'nw', 'nw', '']));
  ov.appendChild(el('h3', { text: 'Top reasons across flagged accounts' }));
  ov.appendChild(table(['Rule', 'Accounts', 'Total weight', 'Example evidence'], D.top_reasons.map(function (r) { return [r[0], fmt(r[1]), r[2].toFixed(2), r[3]]; })));
  if (D.problems.count > 0) {
    ov.appendChild(el('p', { cls: 'warn', text: D.problems.count + ' input record(s) were invalid and skipped; first: ' +
      D.problems.listed.slice(0, 5).map(function (p) { return p[0] + ' ' + p[1]; }).join('; ') }));
  }
  root.appendChild(ov);

  T.overview = performance.now();
  // Account graph.
  var G = D.graph;
  var gs = section('graph', 'Account graph', G.sampling);
  var key = el('div', { cls: 'key' });
  G.kinds.forEach(function (k) {
    key.appendChild(el('span', { cls: 'kind' }, [el('i', { cls: 'swatch k-' + k.replace(/[^a-z_]/g, '') }), document.createTextNode(k.replace('_', ' '))]));
  });
  gs.appendChild(key);
  var gbox = chartBox('graph');
  gs.appendChild(gbox);
  root.appendChild(gs);
  // Deterministic start: each campaign a disc (golden-angle spiral, best-scored at the centre),
  // discs in a grid across the box; the force layout then relaxes it.
  mount(gbox, function () {
  var W = gbox.clientWidth || 1200, Hh = gbox.clientHeight || 600;
  var nC = Math.max(1, D.campaigns.length), cols = Math.ceil(Math.sqrt(nC * W / Hh)), rows = Math.ceil(nC / cols);
  var counts = D.campaigns.map(function () { return 0; });
  var cellR = Math.min(W / cols, Hh / rows) / 2 * 0.85;
  var maxN = Math.max.apply(null, D.campaigns.map(function (c, i) { return G.nodes.filter(function (n) { return n[1] === i; }).length; }).concat([1]));
  return {
    animation: false,
    color: D.campaigns.map(function (_, i) { return color(i); }),
    tooltip: TOOLTIP,
    legend: { type: 'scroll', bottom: 0, data: D.campaigns.map(function (c) { return c.id; }) },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: false, top: 10, bottom: 30,
      categories: D.campaigns.map(function (c) { return { name: c.id }; }),
      force: { repulsion: 8, edgeLength: [5, 16], gravity: 0.2, friction: 0.2, layoutAnimation: true }, zoom: 0.9,
      emphasis: { focus: 'adjacency' },
      label: { show: false },
      data: G.nodes.map(function (n, i) {
        var c = n[1] < 0 ? 0 : n[1], k = counts[c]++;
        var a = k * 2.399963, r = cellR * Math.sqrt((k + 0.5) / maxN);
        var cx = (c % cols + 0.5) * W / cols, cy = 30 + (Math.floor(c / cols) + 0.5) * (Hh - 30) / rows;
        var node = { id: String(i), name: n[0], category: c, value: n[2], symbolSize: 3 + 5 * n[2],
          x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
        if (n[4]) { node.symbolSize = 14; node.itemStyle = { color: '#868e96', borderColor: '#fff', borderWidth: 2 }; node.x = cx; node.y = cy; }
        return node;
      }),
      links: G.edges.map(function (e) {
        return { source: String(e[0]), target: String(e[1]), lineStyle: { color: KIND_COLORS[G.kinds[e[2]]] || '#adb5bd', opacity: 0.5, width: 0.8 } };
      })
    }]
  };
  });

  T.graph = performance.now();
  // Per-campaign detail.
  D.campaigns.slice(0, D.meta.detailed_campaigns).forEach(function (c, i) {
    var s = section('campaign-' + i, (c.suspected ? 'Suspected group ' : 'Campaign ') + c.id);
    s.appendChild(el('p', { cls: 'summary', text: c.summary }));
    s.appendChild(el('p', { cls: 'facts', text: fmt(c.account_count) + ' accounts · ' + fmt(c.exchanges) + ' exchanges · ' + fmt(c.output_tokens) +
      ' output tokens · confidence ' + pct(c.confidence) + ' · ' + day(c.first_seen) + ' to ' + day(c.last_seen) }));
    var row = el('div', { cls: 'row' });
    var tl = chartBox('timeline'), mix = chartBox('mix');
    row.appendChild(el('div', { cls: 'cell wide' }, [el('h3', { text: 'Timeline' + (c.daily_source === 'estimated' ? ' (estimated from account first/last seen)' : '') }), tl]));
    row.appendChild(el('div', { cls: 'cell' }, [el('h3', { text: 'Capability mix' }), mix]));
    s.appendChild(row);
    var row2 = el('div', { cls: 'row' });
    var more = c.indicator_count - c.indicators.length;
    row2.appendChild(el('div', { cls: 'cell' }, [el('h3', { text: 'Shared indicators' + (more > 0 ? ' (top ' + c.indicators.length + ' of ' + c.indicator_count + '; all in report.json and stix.json)' : '') }),
      table(['Kind', 'Value', 'Accounts'], c.indicators.map(function (x) { return [x[0].replace('_', ' '), x[1], fmt(x[2])]; }))]));
    row2.appendChild(el('div', { cls: 'cell wide' }, [el('h3', { text: 'Top reasons' }),
      table(['Rule', 'Accounts', 'Weight', 'Example evidence'], c.reasons.map(function (r) { return [r[0], fmt(r[1]), r[2].toFixed(2), r[3]]; }))]));
    s.appendChild(row2);
    root.appendChild(s);
    mount(tl, {
      animation: false, color: [color(i), '#495057'], tooltip: Object.assign({ trigger: 'axis' }, TOOLTIP),
      legend: { top: 0 }, grid: { left: 56, right: 48, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: c.daily.days },
      yAxis: [{ type: 'value', name: 'exchanges' }, { type: 'value', name: 'new accounts', splitLine: { show: false } }],
      series: [{ name: 'exchanges / day', type: 'bar', data: c.daily.exchanges },
        { name: 'new accounts / day', type: 'line', yAxisIndex: 1, symbol: 'none', data: c.daily.new_accounts }]
    });
    var mixRows = c.mix.slice().reverse();
    mount(mix, {
      animation: false, color: [color(i)], tooltip: TOOLTIP, grid: { left: 90, right: 40, top: 8, bottom: 24 },
      xAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return Math.round(v * 100) + '%'; } } },
      yAxis: { type: 'category', data: mixRows.map(function (m) { return m[0]; }) },
      series: [{ type: 'bar', data: mixRows.map(function (m) { return m[1]; }),
        label: { show: true, position: 'right', formatter: function (p) { return pct(p.value); } } }]
    });
  });
  if (D.campaigns.length > D.meta.detailed_campaigns) {
    root.appendChild(el('p', { cls: 'note', text: (D.campaigns.length - D.meta.detailed_campaigns) + ' smaller campaigns are listed in the campaign table without charts.' }));
  }

  T.campaigns = performance.now();
  // Accounts table: filter, sort, paginate — all client-side.
  var PAGE = 100;
  var st = section('accounts', 'Flagged accounts', D.accounts.length.toLocaleString('en-US') + ' accounts. Filter matches account, campaign, rule and evidence; click a column to sort.');
  var q = el('input', { type: 'search', id: 'filter', placeholder: 'Filter accounts, campaigns, rules…', 'aria-label': 'Filter' });
  var vsel = el('select', { id: 'verdict-filter', 'aria-label': 'Verdict' }, [el('option', { value: '', text: 'All verdicts' })].concat(
    D.verdicts.map(function (v, i) { return el('option', { value: String(i), text: v }); })));
  var csel = el('select', { id: 'campaign-filter', 'aria-label': 'Campaign' }, [el('option', { value: '', text: 'All campaigns' }), el('option', { value: '-1', text: '(no campaign)' })].concat(
    D.campaigns.map(function (c, i) { return el('option', { value: String(i), text: c.id }); })));
  var info = el('span', { cls: 'info', id: 'table-info' });
  var prev = el('button', { type: 'button', id: 'prev', text: '‹ Prev' });
  var next = el('button', { type: 'button', id: 'next', text: 'Next ›' });
  st.appendChild(el('div', { cls: 'controls' }, [q, vsel, csel, prev, next, info]));
  var COLS = [['Account', 0], ['Verdict', 1], ['Campaign', 2], ['Score', 3], ['Flagged at', 4], ['Exchanges', 5], ['Reasons', -1]];
  var sortCol = 3, sortDir = -1, page = 0, view = [];
  var headRow = el('tr');
  var ths = COLS.map(function (col) {
    var th = el('th', { text: col[0] });
    if (col[1] >= 0) {
      th.className = 'sortable';
      th.addEventListener('click', function () {
        if (sortCol === col[1]) sortDir = -sortDir; else { sortCol = col[1]; sortDir = col[1] === 0 || col[1] === 2 ? 1 : -1; }
        page = 0; apply();
      });
    }
    headRow.appendChild(th);
    return th;
  });
  var tbody = el('tbody', { id: 'account-rows' });
  st.appendChild(el('table', { cls: 'grid accounts' }, [el('thead', null, [headRow]), tbody]));
  root.appendChild(st);
  var search = D.accounts.map(function (a) {
    var camp = a[2] >= 0 ? D.campaigns[a[2]].id : '';
    return (a[0] + ' ' + camp + ' ' + a[6].map(function (r) { return D.rules[r[0]] + ' ' + r[2]; }).join(' ')).toLowerCase();
  });
  function sortKey(a, c) { return c === 2 ? (a[2] >= 0 ? D.campaigns[a[2]].id : '') : a[c]; }
  function apply() {
    var needle = q.value.trim().toLowerCase(), vf = vsel.value, cf = csel.value;
    view = [];
    for (var i = 0; i < D.accounts.length; i++) {
      var a = D.accounts[i];
      if (vf !== '' && a[1] !== Number(vf)) continue;
      if (cf !== '' && a[2] !== Number(cf)) continue;
      if (needle && search[i].indexOf(needle) < 0) continue;
      view.push(i);
    }
    view.sort(function (x, y) {
      var kx = sortKey(D.accounts[x], sortCol), ky = sortKey(D.accounts[y], sortCol);
      return (kx < ky ? -1 : kx > ky ? 1 : x - y) * (kx === ky ? 1 : sortDir);
    });
    ths.forEach(function (th, i) { th.setAttribute('aria-sort', COLS[i][1] === sortCol ? (sortDir > 0 ? 'ascending' : 'descending') : 'none'); });
    render();
  }
  function render() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    if (page >= pages) page = pages - 1;
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    view.slice(page * PAGE, page * PAGE + PAGE).forEach(function (i) {
      var a = D.accounts[i];
      var reasons = el('td', { cls: 'reasons' });
      a[6].forEach(function (r) {
        reasons.appendChild(el('div', null, [el('b', { text: D.rules[r[0]] }), document.createTextNode(' ' + (r[1] >= 0 ? '+' : '') + r[1].toFixed(2) + ' '), el('span', { text: r[2] })]));
      });
      if (a[7] > a[6].length) reasons.appendChild(el('div', { cls: 'more', text: '+' + (a[7] - a[6].length) + ' more in report.json' }));
      tbody.appendChild(el('tr', { cls: 'v-' + D.verdicts[a[1]] }, [
        el('td', { cls: 'acct', text: a[0] }), el('td', null, [el('span', { cls: 'badge ' + D.verdicts[a[1]], text: D.verdicts[a[1]] })]),
        el('td', { text: a[2] >= 0 ? D.campaigns[a[2]].id : '—' }), el('td', { cls: 'num', text: a[3].toFixed(3) }),
        el('td', { text: when(a[4]) }), el('td', { cls: 'num', text: fmt(a[5]) }), reasons]));
    });
    info.textContent = view.length === 0 ? 'No matching accounts' :
      'Rows ' + (page * PAGE + 1).toLocaleString('en-US') + '–' + Math.min(view.length, page * PAGE + PAGE).toLocaleString('en-US') + ' of ' + view.length.toLocaleString('en-US') + ' · page ' + (page + 1) + ' of ' + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  var timer = 0;
  q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { page = 0; apply(); }, 150); });
  vsel.addEventListener('change', function () { page = 0; apply(); });
  csel.addEventListener('change', function () { page = 0; apply(); });
  prev.addEventListener('click', function () { page--; render(); });
  next.addEventListener('click', function () { page++; render(); });
  apply();

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  T.table = performance.now();
  drawVisible();
  T.drawn = performance.now();
  window.__moatTimings = T;
  window.__moatReady = true;
  document.documentElement.setAttribute('data-ready', '1');
})();
`;
