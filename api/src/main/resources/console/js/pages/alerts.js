import {h, replace, select, field} from '../dom.js';
import {t, term, formatAge, formatTime} from '../i18n.js';
import {get} from '../api.js';
import * as store from '../alerts-store.js';
import {KINDS, STATES, SEVERITY_RANK, stateBadge, severityBadge, cameraLabel, ageClass} from '../format.js';
import {go} from '../navigation.js';

// Filters survive moving to a detail page and back, not a reload (a fresh screen shows everything unhandled).
const filters = {kind: '', camera: '', area: '', state: 'unhandled'};

function matches(e) {
  if (filters.kind && e.kind !== filters.kind) return false;
  if (filters.camera && e.camera?.id !== filters.camera) return false;
  if (filters.area && e.camera?.location?.address !== filters.area) return false;
  if (filters.state === 'unhandled') return store.UNHANDLED.includes(e.state);
  return !filters.state || e.state === filters.state;
}

function order(a, b) {
  const handled = (e) => (store.UNHANDLED.includes(e.state) ? 0 : 1);
  return handled(a) - handled(b)
    || (a.state === 'open' ? 0 : 1) - (b.state === 'open' ? 0 : 1)
    || (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0)
    || b.startedAt.localeCompare(a.startedAt);
}

export async function render(view) {
  let cameras = [];
  try { cameras = (await get('/api/v1/cameras')).items; } catch { /* filters fall back to what the alerts name */ }
  const zoneName = (e) => cameras.find(c => c.id === e.camera?.id)?.zones.find(z => z.id === e.zoneId)?.name || e.zoneId;
  const list = h('div', {class: 'alert-list', id: 'alert-list'});
  const count = h('p', {class: 'muted', role: 'status'});
  const fresh = new Set();

  const cameraOptions = () => {
    const ids = new Map(cameras.map(c => [c.id, c]));
    store.alerts().forEach(e => { if (e.camera && !ids.has(e.camera.id)) ids.set(e.camera.id, e.camera); });
    return [{value: '', label: t('filter.any')}, ...[...ids.values()].map(c => ({value: c.id, label: cameraLabel(c)}))];
  };
  const areaOptions = () => {
    const areas = new Set([...cameras.map(c => c.location?.address), ...store.alerts().map(e => e.camera?.location?.address)]
      .filter(Boolean));
    return [{value: '', label: t('filter.any')}, ...[...areas].sort().map(a => ({value: a, label: a}))];
  };
  const onFilter = (key) => (e) => { filters[key] = e.target.value; draw(); };
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': t('alerts.filters'), onsubmit: e => e.preventDefault()},
    field(t('filter.kind'), select({name: 'kind', id: 'filter-kind', onchange: onFilter('kind')},
      [{value: '', label: t('filter.any')}, ...KINDS.map(k => ({value: k, label: term('kind', k)}))], filters.kind)),
    field(t('filter.camera'), select({name: 'camera', id: 'filter-camera', onchange: onFilter('camera')}, cameraOptions(), filters.camera)),
    field(t('filter.area'), select({name: 'area', id: 'filter-area', onchange: onFilter('area')}, areaOptions(), filters.area)),
    field(t('filter.state'), select({name: 'state', id: 'filter-state', onchange: onFilter('state')},
      [{value: 'unhandled', label: t('filter.unhandled')}, {value: '', label: t('filter.any')},
        ...STATES.map(s => ({value: s, label: term('state', s)}))], filters.state)));

  function row(e) {
    const open = () => go(`/events/${e.id}`);
    return h('article', {
      class: `alert-row severity-row-${e.severity} ${ageClass(e)} ${fresh.has(e.id) ? 'fresh' : ''}`,
      dataset: {eventId: e.id, state: e.state, kind: e.kind, live: String(store.cameLive(e.id))},
    },
    h('div', {class: 'alert-main'},
      h('h2', {class: 'alert-title'},
        h('a', {href: `#/events/${e.id}`, class: 'alert-link'}, term('kind', e.kind)), ' ',
        severityBadge(e.severity), ' ', stateBadge(e.state)),
      h('p', {class: 'alert-where'}, cameraLabel(e.camera),
        e.zoneId ? ` · ${t('alerts.zone')} ${zoneName(e)}` : '',
        e.camera?.location?.address ? ` · ${e.camera.location.address}` : '')),
    h('div', {class: 'alert-when'},
      h('time', {datetime: e.startedAt, title: formatTime(e.startedAt)}, formatAge(e.startedAt)),
      e.department ? h('span', {class: 'muted'}, term('department', e.department)) : null),
    h('button', {type: 'button', class: 'secondary', onclick: open, 'aria-label': t('alerts.openAria', {kind: term('kind', e.kind)})},
      t('alerts.open')));
  }

  function draw() {
    const shown = store.alerts().filter(matches).sort(order);
    count.textContent = t('alerts.count', {n: shown.length});
    replace(list, shown.length ? shown.map(row) : h('p', {class: 'empty'}, t('alerts.none')));
  }

  view.append(
    h('div', {class: 'page-head'}, h('h1', {}, t('alerts.title')), count),
    form, list);
  draw();

  const unsubscribe = store.subscribe((kind, payload) => {
    if (kind === 'change' && payload.live && payload.transition === 'opened') {
      fresh.add(payload.event.id);
      setTimeout(() => { fresh.delete(payload.event.id); draw(); }, 10000);
    }
    if (kind === 'change' || kind === 'reset') {
      // New cameras and areas can arrive with new alerts.
      replace(form.querySelector('#filter-camera'), ...cameraOptions().map(o => h('option', {value: o.value, selected: o.value === filters.camera}, o.label)));
      replace(form.querySelector('#filter-area'), ...areaOptions().map(o => h('option', {value: o.value, selected: o.value === filters.area}, o.label)));
      draw();
    }
  });
  const ticker = setInterval(draw, 15000);
  return () => { unsubscribe(); clearInterval(ticker); };
}
