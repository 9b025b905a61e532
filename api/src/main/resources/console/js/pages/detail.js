import {h, replace, field} from '../dom.js';
import {t, term, formatDateTime, formatNumber} from '../i18n.js';
import {get, post, hasRole} from '../api.js';
import * as store from '../alerts-store.js';
import {stateBadge, severityBadge, cameraLabel, DEPARTMENTS} from '../format.js';
import {mapSvg} from '../map-view.js';

const EVIDENCE_RETRY_MS = 4000;

/** Which workflow actions the event's state allows (the server has the last word and says why it refuses). */
function allowedActions(state) {
  switch (state) {
    case 'open': return ['acknowledge', 'dispatch', 'resolve', 'false_alarm'];
    case 'acknowledged': return ['dispatch', 'resolve', 'false_alarm'];
    case 'dispatched': return ['resolve', 'false_alarm'];
    default: return [];
  }
}

export async function render(view, [id]) {
  let event = await get(`/api/v1/events/${id}`);
  store.remember(event);
  // The event names its zone by id; the camera (if it still exists) says what the zone is called and does.
  const camera = await get(`/api/v1/cameras/${event.camera.id}`).catch(() => null);
  const zone = camera?.zones.find(z => z.id === event.zoneId);
  let alive = true;
  const timers = new Set();
  const later = (fn, ms) => { const h_ = setTimeout(() => { timers.delete(h_); if (alive) fn(); }, ms); timers.add(h_); };

  const header = h('div', {class: 'page-head'});
  const facts = h('dl', {class: 'facts'});
  const workflow = h('section', {class: 'card workflow', 'aria-labelledby': 'workflow-title'});
  const history = h('section', {class: 'card', 'aria-labelledby': 'history-title'});
  const snapshotBox = h('figure', {class: 'evidence-figure'});
  const clipBox = h('figure', {class: 'evidence-figure'});
  const mapBox = h('section', {class: 'card', 'aria-labelledby': 'location-title'});
  const sensorsBox = h('section', {class: 'card', 'aria-labelledby': 'sensors-title', hidden: true});

  view.append(header,
    h('div', {class: 'detail-grid'},
      h('div', {class: 'detail-evidence'},
        h('section', {class: 'card', 'aria-labelledby': 'evidence-title'},
          h('h2', {id: 'evidence-title'}, t('detail.evidence')), snapshotBox, clipBox),
        mapBox),
      h('div', {class: 'detail-side'},
        h('section', {class: 'card', 'aria-labelledby': 'facts-title'}, h('h2', {id: 'facts-title'}, t('detail.facts')), facts),
        workflow, sensorsBox, history)));

  function drawHeader() {
    replace(header,
      h('h1', {}, term('kind', event.kind), ' ', severityBadge(event.severity), ' ',
        h('span', {id: 'event-state', 'data-state': event.state}, stateBadge(event.state))),
      h('a', {href: '#/alerts', class: 'link-button'}, `← ${t('detail.back')}`));
  }

  function drawFacts() {
    const loc = event.camera?.location;
    const tracked = (event.objects || []).filter(o => !o.sensorId);
    const rows = [
      // A gauge-raised flood names its gauge as camera ("sensor:<id>"): nothing to link to.
      [t('detail.camera'), event.camera.id.startsWith('sensor:') ? cameraLabel(event.camera)
        : h('a', {href: `#/cameras/${event.camera.id}`}, cameraLabel(event.camera))],
      [t('detail.address'), loc?.address || '—'],
      [t('detail.zone'), zone ? `${zone.name || zone.id} · ${term('zoneKind', zone.kind)}` : (event.zoneId || '—')],
      [t('detail.department'), event.department ? term('department', event.department) : '—'],
      [t('detail.started'), formatDateTime(event.startedAt)],
      [t('detail.ended'), event.endedAt ? formatDateTime(event.endedAt) : t('detail.ongoing')],
      [t('detail.confidence'), formatNumber(event.confidence * 100, 0) + ' %'],
      [t('detail.objects'), tracked.length
        ? tracked.map(o => `${term('label', o.label)}` + (o.label === 'water' && o.value !== undefined
          ? ` ${formatNumber(o.value * 100, 0)} %` : ` #${o.trackId}`)
          + (o.dwellSeconds ? ` · ${t('detail.dwell', {s: formatNumber(o.dwellSeconds, 0)})}` : '')).join('; ')
        : '—'],
    ];
    const health = event.health;
    if (health) {
      // camera_health: what is wrong with the camera, measured against which limit.
      rows.push([t('detail.finding'), [term('finding', health.finding),
        health.value !== null && health.value !== undefined ? ` · ${formatNumber(health.value, 3)}` : '',
        health.threshold !== null && health.threshold !== undefined ? ` (${t('detail.threshold')} ${formatNumber(health.threshold, 3)})` : '',
        health.failure ? ` · ${term('failure', health.failure)}` : '',
        health.description ? h('p', {class: 'muted small'}, health.description) : null]]);
      if (health.lastFrameAt) rows.push([t('detail.lastFrame'), formatDateTime(health.lastFrameAt)]);
    }
    replace(facts, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  function drawSensors() {
    // Flood events carry the gauge readings they were fused with as objects naming their sensor.
    const readings = (event.objects || []).filter(o => o.sensorId);
    if (!readings.length) { sensorsBox.hidden = true; return; }
    sensorsBox.hidden = false;
    replace(sensorsBox, h('h2', {id: 'sensors-title'}, t('detail.sensors')),
      h('table', {class: 'table', id: 'sensor-readings'},
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('detail.sensor')), h('th', {scope: 'col'}, t('detail.kind')), h('th', {scope: 'col'}, t('detail.value')))),
        h('tbody', {}, readings.map(r => h('tr', {},
          h('td', {}, r.sensorId),
          h('td', {}, term('label', r.label)),
          h('td', {}, r.value !== undefined ? `${formatNumber(r.value, 2)} ${term('unit', r.unit)}` : '—'))))));
  }

  function drawMap() {
    const loc = event.camera?.location;
    replace(mapBox, h('h2', {id: 'location-title'}, t('detail.location')));
    if (!loc) { mapBox.append(h('p', {class: 'muted'}, t('detail.noLocation'))); return; }
    get('/api/v1/map').catch(() => null).then(config => {
      if (!alive) return;
      const cfg = {...(config || {}), center: [loc.lat, loc.lon], zoom: config?.zoom ?? 16};
      mapBox.append(h('div', {class: 'mini-map'}, mapSvg({...cfg, baseLayer: config?.baseLayer}, [
        {lat: loc.lat, lon: loc.lon, type: 'alert', severity: event.severity, label: term('kind', event.kind)},
      ], {width: 640, height: 300, label: t('detail.location')})),
      h('p', {class: 'muted'}, `${formatNumber(loc.lat, 5)}, ${formatNumber(loc.lon, 5)}`));
    });
  }

  async function loadEvidence(kind, box) {
    const label = kind === 'clip' ? t('detail.clip') : t('detail.snapshot');
    try {
      const signed = await get(`/api/v1/events/${id}/${kind}`);
      if (!alive) return;
      const media = kind === 'clip'
        ? h('video', {src: signed.url, controls: true, preload: 'auto', muted: true, playsinline: true, id: 'clip', 'aria-label': label})
        : h('img', {src: signed.url, alt: t('detail.snapshotAlt', {kind: term('kind', event.kind)}), id: 'snapshot'});
      if (kind === 'clip') media.muted = true;
      replace(box, media, h('figcaption', {}, label, ' · ', h('a', {href: signed.url, target: '_blank', rel: 'noopener'}, t('detail.download'))));
    } catch (e) {
      if (e.code === 'evidence_pending' || e.status === 409) {
        replace(box, h('p', {class: 'muted', role: 'status'}, t('detail.pending', {what: label})));
        later(() => loadEvidence(kind, box), EVIDENCE_RETRY_MS);
      } else if (e.status === 404) {
        replace(box, h('p', {class: 'muted'}, t('detail.noEvidence', {what: label})));
      } else {
        replace(box, h('p', {class: 'error'}, t('error.request', {message: e.message})));
      }
    }
  }

  async function loadHistory() {
    let items = [];
    try { items = (await get(`/api/v1/events/${id}/history`)).items; } catch (e) {
      replace(history, h('h2', {id: 'history-title'}, t('detail.history')), h('p', {class: 'error'}, e.message));
      return;
    }
    if (!alive) return;
    replace(history, h('h2', {id: 'history-title'}, t('detail.history')),
      h('ol', {class: 'timeline', id: 'history'}, items.map(c => h('li', {dataset: {transition: c.transition}},
        h('time', {datetime: c.at}, formatDateTime(c.at)), ' ',
        h('strong', {}, term('transition', c.transition)), ' ',
        h('span', {class: 'muted'}, t('detail.by', {actor: c.actor === 'system' ? t('detail.system') : c.actor})),
        c.note ? h('p', {class: 'note'}, c.note) : null))));
  }

  function drawWorkflow() {
    replace(workflow, h('h2', {id: 'workflow-title'}, t('detail.workflow')));
    const actions = allowedActions(event.state);
    if (!hasRole('officer')) { workflow.append(h('p', {class: 'muted'}, t('detail.readOnly'))); return; }
    if (!actions.length) { workflow.append(h('p', {class: 'muted'}, t('detail.closed'))); return; }
    const note = h('textarea', {id: 'action-note', name: 'note', maxlength: 1000, rows: 2});
    const department = h('input', {id: 'action-department', name: 'department', list: 'departments', value: event.department || '',
      pattern: '[a-z0-9][a-z0-9-]{0,62}', maxlength: 63});
    const suppress = h('input', {type: 'checkbox', id: 'action-suppress', name: 'suppressZone', disabled: !event.zoneId});
    const message = h('p', {class: 'error', role: 'alert', id: 'action-error'});
    const act = async (action) => {
      message.textContent = '';
      const body = {action};
      if (note.value.trim()) body.note = note.value.trim();
      if (action === 'dispatch') {
        if (!department.value.trim()) { message.textContent = t('detail.needDepartment'); department.focus(); return; }
        body.department = department.value.trim();
      }
      if (action === 'false_alarm' && suppress.checked) body.suppressZone = true;
      workflow.querySelectorAll('button').forEach(b => { b.disabled = true; });
      try {
        event = await post(`/api/v1/events/${id}/actions`, body);
        store.remember(event, action, false);
        drawAll();
      } catch (e) {
        message.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
        workflow.querySelectorAll('button').forEach(b => { b.disabled = false; });
      }
    };
    const button = (action, cls) => actions.includes(action)
      ? h('button', {type: 'button', class: cls, id: `action-${action.replace('_', '-')}`, onclick: () => act(action)}, t(`action.${action}`))
      : null;
    workflow.append(
      field(t('detail.note'), note),
      actions.includes('dispatch') ? field(t('detail.dispatchTo'), department) : null,
      h('datalist', {id: 'departments'}, DEPARTMENTS.map(d => h('option', {value: d}, term('department', d)))),
      h('div', {class: 'button-row'},
        button('acknowledge', 'primary'), button('dispatch', 'secondary'), button('resolve', 'secondary')),
      actions.includes('false_alarm') ? h('div', {class: 'button-row false-alarm'},
        h('label', {class: 'check'}, suppress, t('detail.suppressZone')), button('false_alarm', 'danger')) : null,
      message);
  }

  function drawAll() {
    drawHeader(); drawFacts(); drawWorkflow(); drawSensors(); loadHistory();
  }

  drawAll();
  drawMap();
  loadEvidence('snapshot', snapshotBox);
  loadEvidence('clip', clipBox);

  const unsubscribe = store.subscribe((kind, payload) => {
    // Another officer's step on this event arrives through the live feed.
    if (kind === 'change' && payload.live && payload.event.id === id && payload.event.updatedAt !== event.updatedAt) {
      event = payload.event;
      drawAll();
    }
  });
  return () => { alive = false; unsubscribe(); timers.forEach(clearTimeout); };
}
