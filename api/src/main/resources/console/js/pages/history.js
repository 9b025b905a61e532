import {h, s, replace, select, field} from '../dom.js';
import {t, term, formatDateTime, formatDay, formatNumber} from '../i18n.js';
import {get, query, blobUrl} from '../api.js';
import {KINDS, STATES, stateBadge, severityBadge, cameraLabel} from '../format.js';

const KIND_COLOURS = {illegal_parking: '#d9480f', debris: '#7048e8', crowd: '#1c7ed6', flooding: '#0ca678', camera_health: '#868e96'};
const filters = {kind: '', state: '', camera: '', since: '', until: ''};

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** yyyy-MM-dd of each day from..to in the browser's time zone (the zone the stats are cut in). */
function daysBetween(from, to) {
  const local = new Intl.DateTimeFormat('en-CA', {year: 'numeric', month: '2-digit', day: '2-digit'});
  const days = new Set();
  for (let t = from.getTime(); t <= to.getTime(); t += 3600000 * 6) days.add(local.format(new Date(t)));
  days.add(local.format(to));
  return [...days].slice(0, 400);
}

/** A datetime-local value ("2026-11-21T08:00") as the instant it means in the officer's time zone. */
function toInstant(local) {
  return local ? new Date(local).toISOString() : '';
}

function bars(entries, {label, colour}) {
  const max = Math.max(1, ...entries.map(e => e.value));
  const rowH = 26;
  const width = 600;
  const labelW = 150;
  return s('svg', {viewBox: `0 0 ${width} ${entries.length * rowH + 4}`, class: 'bar-chart', role: 'img', 'aria-label': label},
    entries.map((e, i) => s('g', {},
      s('text', {x: labelW - 8, y: i * rowH + 18, 'text-anchor': 'end', class: 'bar-label'}, e.label),
      s('rect', {x: labelW, y: i * rowH + 4, height: rowH - 8, width: Math.max(1, (width - labelW - 60) * e.value / max), fill: colour(e), rx: 3},
        s('title', {}, `${e.label}: ${e.value}`)),
      s('text', {x: labelW + 6 + (width - labelW - 60) * e.value / max, y: i * rowH + 18, class: 'bar-value'}, formatNumber(e.value)))));
}

/** Per day, one stacked bar of the kinds, so a week's pattern is one glance. */
function dayChart(byDay, label, from, to) {
  // Every day of the period gets its slot, quiet days included, so the bars compare like with like.
  const days = [...new Set([...daysBetween(from, to), ...byDay.map(d => d.day)])].sort();
  const totals = days.map(d => byDay.filter(x => x.day === d).reduce((a, x) => a + x.count, 0));
  const max = Math.max(1, ...totals);
  const width = 600;
  const height = 200;
  const slot = (width - 40) / Math.max(1, days.length);
  const chart = s('svg', {viewBox: `0 0 ${width} ${height + 40}`, class: 'bar-chart', role: 'img', 'aria-label': label});
  days.forEach((day, i) => {
    let y = height;
    KINDS.forEach(kind => {
      const count = byDay.filter(x => x.day === day && x.kind === kind).reduce((a, x) => a + x.count, 0);
      if (!count) return;
      const hgt = (height - 24) * count / max;
      y -= hgt;
      chart.append(s('rect', {x: 30 + i * slot + slot * 0.15, y, width: slot * 0.7, height: hgt, fill: KIND_COLOURS[kind]},
        s('title', {}, `${formatDay(day)} · ${term('kind', kind)}: ${count}`)));
    });
    if (days.length <= 31 && (days.length <= 14 || i % 2 === 0)) {
      chart.append(s('text', {x: 30 + i * slot + slot / 2, y: height + 16, 'text-anchor': 'middle', class: 'bar-label'}, formatDay(day)));
    }
    if (totals[i]) chart.append(s('text', {x: 30 + i * slot + slot / 2, y: y - 4, 'text-anchor': 'middle', class: 'bar-value'}, totals[i]));
  });
  chart.append(s('line', {x1: 28, y1: height, x2: width, y2: height, class: 'axis'}));
  return chart;
}

export async function render(view) {
  let cameras = [];
  try { cameras = (await get('/api/v1/cameras')).items; } catch { /* the camera filter stays free text */ }
  const zoneNames = new Map(cameras.flatMap(c => c.zones.map(z => [`${c.id}/${z.id}`, z.name || z.id])));
  const table = h('tbody', {});
  const more = h('button', {type: 'button', class: 'secondary', hidden: true}, t('history.more'));
  const message = h('p', {role: 'status', class: 'muted'});
  const stats = h('div', {class: 'stats-grid', id: 'stats'});
  let cursor = null;

  const apiFilters = () => ({kind: filters.kind, state: filters.state, camera: filters.camera,
    since: toInstant(filters.since), until: toInstant(filters.until)});

  function row(e) {
    return h('tr', {dataset: {eventId: e.id}},
      h('td', {}, h('a', {href: `#/events/${e.id}`}, formatDateTime(e.startedAt))),
      h('td', {}, term('kind', e.kind)),
      h('td', {}, severityBadge(e.severity)),
      h('td', {}, stateBadge(e.state)),
      h('td', {}, cameraLabel(e.camera)),
      h('td', {}, e.zoneId ? (zoneNames.get(`${e.camera?.id}/${e.zoneId}`) || e.zoneId) : '—'),
      h('td', {}, e.department ? term('department', e.department) : '—'),
      h('td', {}, e.endedAt ? formatDateTime(e.endedAt) : '—'));
  }

  async function search(append) {
    message.className = 'muted';
    message.textContent = t('history.searching');
    try {
      const page = await get(`/api/v1/events${query({...apiFilters(), limit: 50, cursor: append ? cursor : null})}`);
      if (!append) table.replaceChildren();
      page.items.forEach(e => table.append(row(e)));
      cursor = page.next;
      more.hidden = !cursor;
      message.textContent = t('history.shown', {n: table.children.length});
    } catch (e) {
      message.className = 'error';
      message.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
    }
    loadStats();
  }

  async function loadStats() {
    // Stats span the chosen period, or the last 14 days when none is chosen.
    const to = filters.until ? new Date(filters.until) : new Date();
    const from = filters.since ? new Date(filters.since) : new Date(to.getTime() - 14 * 86400000);
    try {
      const st = await get(`/api/v1/events/stats${query({from: from.toISOString(), to: to.toISOString(),
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone})}`);
      const byKind = Object.entries(st.byKind || {}).map(([k, v]) => ({label: term('kind', k), value: v, kind: k}));
      replace(stats,
        h('section', {class: 'card'}, h('h2', {}, t('history.byKind')),
          byKind.length ? bars(byKind, {label: t('history.byKind'), colour: e => KIND_COLOURS[e.kind] || '#555'}) : h('p', {class: 'muted'}, t('history.noStats'))),
        h('section', {class: 'card'}, h('h2', {}, t('history.byDay', {from: isoDay(from), to: isoDay(to)})),
          (st.byDay || []).length ? dayChart(st.byDay, t('history.byDay', {from: isoDay(from), to: isoDay(to)}), from, to) : h('p', {class: 'muted'}, t('history.noStats')),
          h('p', {class: 'legend'}, KINDS.map(k => h('span', {class: 'legend-item'}, h('span', {class: 'swatch', style: `background:${KIND_COLOURS[k]}`}), term('kind', k))))));
    } catch (e) {
      replace(stats, h('p', {class: 'error'}, t('history.statsFailed', {message: e.message})));
    }
  }

  async function exportCsv() {
    try {
      const url = await blobUrl(`/api/v1/events/export.csv${query(apiFilters())}`);
      const a = h('a', {href: url, download: `citywatch-events-${isoDay(new Date())}.csv`});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      message.className = 'error';
      message.textContent = e.message;
    }
  }

  const bind = (key) => (e) => { filters[key] = e.target.value; };
  more.addEventListener('click', () => search(true));
  view.append(
    h('div', {class: 'page-head'}, h('h1', {}, t('history.title'))),
    h('form', {class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); search(false); }},
      field(t('filter.kind'), select({id: 'history-kind', onchange: bind('kind')}, [{value: '', label: t('filter.any')}, ...KINDS.map(k => ({value: k, label: term('kind', k)}))], filters.kind)),
      field(t('filter.state'), select({id: 'history-state', onchange: bind('state')}, [{value: '', label: t('filter.any')}, ...STATES.map(k => ({value: k, label: term('state', k)}))], filters.state)),
      field(t('filter.camera'), select({id: 'history-camera', onchange: bind('camera')}, [{value: '', label: t('filter.any')}, ...cameras.map(c => ({value: c.id, label: cameraLabel(c)}))], filters.camera)),
      field(t('history.since'), h('input', {type: 'datetime-local', id: 'history-since', value: filters.since, onchange: bind('since')})),
      field(t('history.until'), h('input', {type: 'datetime-local', id: 'history-until', value: filters.until, onchange: bind('until')})),
      h('div', {class: 'button-row'},
        h('button', {type: 'submit', class: 'primary', id: 'history-search'}, t('history.search')),
        h('button', {type: 'button', class: 'secondary', id: 'history-export', onclick: exportCsv}, t('history.export')))),
    stats,
    h('section', {class: 'card'},
      h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'history-table'},
        h('thead', {}, h('tr', {}, ['started', 'kind', 'severity', 'state', 'camera', 'zone', 'department', 'ended']
          .map(c => h('th', {scope: 'col'}, t(`history.col.${c}`))))),
        table)),
      message, more));
  await search(false);
}
