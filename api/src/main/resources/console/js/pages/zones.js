import {h, s, replace, select, field} from '../dom.js';
import {t, term} from '../i18n.js';
import {get, put, hasRole} from '../api.js';
import {CameraPicture} from '../camera-picture.js';
import {ZONE_KINDS, SEVERITIES, DEPARTMENTS, cameraLabel} from '../format.js';

// Which rule parameters each zone kind reads (RuleParameters in the OpenAPI contract).
const PARAMS_BY_KIND = {
  no_parking: [],
  roadway: [['minObjectFraction', 'number', 0.0001], ['minObjectSquareMetres', 'number', 0.01], ['areaSquareMetres', 'number', 0.1]],
  walkway: [],
  crowd: [['countThreshold', 'integer', 1], ['areaSquareMetres', 'number', 0.1], ['densityPerSquareMetre', 'number', 0.01],
    ['riseCount', 'integer', 1], ['riseWindowSeconds', 'integer', 1]],
  flood_watch: [['waterFraction', 'number', 0.01], ['gauges', 'list'], ['areaSquareMetres', 'number', 0.1]],
};

function zoneInput(z) {
  const params = {};
  for (const [k, v] of Object.entries(z.params || {})) {
    if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) params[k] = v;
  }
  const input = {id: z.id, kind: z.kind, polygon: z.polygon.map(([x, y]) => [round(x), round(y)])};
  if (z.name) input.name = z.name;
  if (z.dwellSeconds) input.dwellSeconds = z.dwellSeconds;
  if (z.severity) input.severity = z.severity;
  if (z.department) input.department = z.department;
  if (Object.keys(params).length) input.params = params;
  return input;
}

const round = (v) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;

function newZoneId(zones) {
  for (let i = zones.length + 1; ; i++) {
    const id = `zone-${i}`;
    if (!zones.some(z => z.id === id)) return id;
  }
}

// Unsaved drawings per camera, so switching the language or glancing at an alert does not throw them away.
const drafts = new Map();

export async function render(view, [cameraId]) {
  if (!hasRole('officer')) {
    // Police and service accounts may not change zones (the server refuses it too): say so instead of an editor.
    view.append(h('p', {class: 'error', role: 'alert'}, t('zones.forbidden')));
    return;
  }
  const camera = await get(`/api/v1/cameras/${cameraId}`);
  let zones = drafts.has(cameraId) ? drafts.get(cameraId) : camera.zones.map(z => structuredClone(z));
  let selected = zones.length ? 0 : -1;
  let drawing = null; // points of the polygon being drawn
  let dirty = false;
  let errorZone = -1;

  const picture = new CameraPicture(cameraId, {alt: t('zones.pictureAlt', {camera: cameraLabel(camera)}), id: 'zone-picture'});
  const svg = s('svg', {class: 'zone-canvas', id: 'zone-canvas', viewBox: '0 0 1600 900', preserveAspectRatio: 'none',
    role: 'application', 'aria-label': t('zones.canvas'), tabindex: 0});
  let W = 1600;
  let H = 900;
  picture.img.addEventListener('load', () => {
    if (picture.img.naturalWidth) {
      W = picture.img.naturalWidth; H = picture.img.naturalHeight;
      svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
      stage.style.aspectRatio = `${W} / ${H}`;
      drawCanvas();
    }
  });
  const stage = h('div', {class: 'zone-stage'}, picture.element, svg);
  const list = h('ul', {class: 'zone-list', id: 'zone-list'});
  const form = h('div', {class: 'zone-form', id: 'zone-form'});
  const message = h('p', {role: 'status', id: 'zone-message'});
  const hint = h('p', {class: 'muted small', id: 'zone-hint'});

  const toNorm = (evt) => {
    const r = svg.getBoundingClientRect();
    return [Math.min(1, Math.max(0, (evt.clientX - r.left) / r.width)), Math.min(1, Math.max(0, (evt.clientY - r.top) / r.height))];
  };
  const px = ([x, y]) => `${(x * W).toFixed(1)},${(y * H).toFixed(1)}`;
  // Handles and labels are drawn in picture units; sized from the displayed width so they stay about 7 px on
  // screen (big enough to grab) whatever the camera's resolution.
  const handleSize = () => {
    const shown = svg.getBoundingClientRect().width;
    return shown > 0 ? 7 * W / shown : Math.max(W, H) / 160;
  };

  function markDirty() {
    dirty = true;
    drafts.set(cameraId, zones);
    message.className = 'muted';
    message.textContent = t('zones.unsaved');
  }

  function drawCanvas() {
    svg.replaceChildren();
    const handle = handleSize();
    zones.forEach((z, i) => {
      const poly = s('polygon', {points: z.polygon.map(px).join(' '),
        class: `zone-shape zone-${z.kind} ${i === selected ? 'selected' : ''} ${i === errorZone ? 'invalid' : ''}`,
        'data-zone-id': z.id});
      poly.addEventListener('pointerdown', (e) => { if (!drawing) { e.stopPropagation(); selected = i; drawAll(); } });
      svg.append(poly, s('text', {x: z.polygon[0][0] * W + handle, y: z.polygon[0][1] * H - handle, class: 'zone-name', 'font-size': handle * 2.4}, z.name || z.id));
    });
    const z = zones[selected];
    if (z && !drawing) {
      z.polygon.forEach((p, k) => {
        const next = z.polygon[(k + 1) % z.polygon.length];
        // A midpoint handle inserts a vertex; vertices drag; double-click removes one (a polygon keeps three).
        const mid = s('circle', {cx: (p[0] + next[0]) / 2 * W, cy: (p[1] + next[1]) / 2 * H, r: handle * 0.7, class: 'zone-mid'});
        mid.addEventListener('pointerdown', (e) => {
          e.stopPropagation();
          z.polygon.splice(k + 1, 0, [(p[0] + next[0]) / 2, (p[1] + next[1]) / 2]);
          markDirty(); drawCanvas(); startDrag(e, z, k + 1);
        });
        const vertex = s('circle', {cx: p[0] * W, cy: p[1] * H, r: handle, class: 'zone-vertex', 'data-index': k});
        vertex.addEventListener('pointerdown', (e) => { e.stopPropagation(); startDrag(e, z, k); });
        vertex.addEventListener('dblclick', (e) => {
          e.stopPropagation();
          if (z.polygon.length > 3) { z.polygon.splice(k, 1); markDirty(); drawCanvas(); }
        });
        svg.append(mid, vertex);
      });
    }
    if (drawing) {
      svg.append(s('polyline', {points: drawing.map(px).join(' '), class: 'zone-drawing'}));
      drawing.forEach((p, k) => svg.append(s('circle', {cx: p[0] * W, cy: p[1] * H, r: handle, class: k === 0 ? 'zone-vertex first' : 'zone-vertex'})));
    }
  }

  function startDrag(e, z, k) {
    svg.setPointerCapture(e.pointerId);
    const move = (ev) => { z.polygon[k] = toNorm(ev); markDirty(); drawCanvas(); };
    const up = () => { svg.removeEventListener('pointermove', move); svg.removeEventListener('pointerup', up); };
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerup', up);
  }

  svg.addEventListener('pointerdown', (e) => {
    if (!drawing) return;
    const p = toNorm(e);
    // Clicking the first point again closes the polygon, as in every drawing tool.
    if (drawing.length >= 3) {
      const r = svg.getBoundingClientRect();
      const [fx, fy] = drawing[0];
      if (Math.hypot((p[0] - fx) * r.width, (p[1] - fy) * r.height) < 10) { finishDrawing(); return; }
    }
    drawing.push(p);
    drawAll();
  });
  svg.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && drawing) { drawing = null; drawAll(); }
    if (e.key === 'Enter' && drawing) finishDrawing();
  });

  function finishDrawing() {
    if (!drawing || drawing.length < 3) { message.className = 'error'; message.textContent = t('zones.needThree'); return; }
    zones.push({id: newZoneId(zones), name: '', kind: 'no_parking', polygon: drawing, dwellSeconds: 60, severity: 'medium',
      department: 'city-management', params: {}});
    selected = zones.length - 1;
    drawing = null;
    markDirty();
    drawAll();
    form.querySelector('#zone-name')?.focus();
  }

  function drawList() {
    replace(list, zones.map((z, i) => h('li', {},
      h('button', {type: 'button', class: `zone-item ${i === selected ? 'selected' : ''} ${i === errorZone ? 'invalid' : ''}`,
        'aria-pressed': String(i === selected), dataset: {zoneId: z.id},
        onclick: () => { selected = i; drawing = null; drawAll(); }},
      h('span', {class: `swatch zone-${z.kind}`, 'aria-hidden': 'true'}), `${z.name || z.id} · ${term('zoneKind', z.kind)}`))));
  }

  function numberInput(id, value, step, onValue, min) {
    return h('input', {type: 'number', id, step, min, value: value ?? '', onchange: (e) => {
      const raw = e.target.value;
      onValue(raw === '' ? undefined : Number(raw)); markDirty();
    }});
  }

  function drawForm() {
    const z = zones[selected];
    if (drawing) {
      replace(form, h('p', {}, t('zones.drawingHelp', {n: drawing.length})),
        h('div', {class: 'button-row'},
          h('button', {type: 'button', class: 'primary', id: 'zone-finish', disabled: drawing.length < 3, onclick: finishDrawing}, t('zones.finish')),
          h('button', {type: 'button', class: 'secondary', onclick: () => { drawing = null; drawAll(); }}, t('zones.cancel'))));
      return;
    }
    if (!z) { replace(form, h('p', {class: 'muted'}, t('zones.noneSelected'))); return; }
    const set = (key) => (e) => { z[key] = e.target.value; markDirty(); drawList(); drawCanvas(); };
    z.params = z.params || {};
    const params = (PARAMS_BY_KIND[z.kind] || []).map(([key, type, step]) => {
      const label = t(`param.${key}`);
      if (type === 'list') {
        return field(label, h('input', {id: `param-${key}`, value: (z.params[key] || []).join(', '), onchange: (e) => {
          z.params[key] = e.target.value.split(/[,\s]+/).filter(Boolean); markDirty();
        }}), t('zones.listHint'));
      }
      return field(label, numberInput(`param-${key}`, z.params[key], type === 'integer' ? 1 : step,
        (v) => { z.params[key] = type === 'integer' && v !== undefined ? Math.round(v) : v; }, 0));
    });
    replace(form,
      h('h2', {}, t('zones.zone', {id: z.id})),
      field(t('zones.name'), h('input', {id: 'zone-name', value: z.name || '', maxlength: 200, oninput: set('name')})),
      field(t('zones.kind'), select({id: 'zone-kind', onchange: (e) => { z.kind = e.target.value; markDirty(); drawAll(); }},
        ZONE_KINDS.map(k => ({value: k, label: term('zoneKind', k)})), z.kind)),
      field(t('zones.dwell'), numberInput('zone-dwell', z.dwellSeconds, 1, (v) => { z.dwellSeconds = v === undefined ? undefined : Math.round(v); }, 1),
        z.kind === 'no_parking' ? t('zones.dwellHint') : null),
      field(t('zones.severity'), select({id: 'zone-severity', onchange: set('severity')},
        SEVERITIES.map(v => ({value: v, label: term('severity', v)})), z.severity)),
      field(t('zones.department'), h('input', {id: 'zone-department', list: 'zone-departments', value: z.department || '', onchange: set('department')})),
      h('datalist', {id: 'zone-departments'}, DEPARTMENTS.map(d => h('option', {value: d}, term('department', d)))),
      params.length ? h('fieldset', {class: 'params'}, h('legend', {}, t('zones.params')), params) : null,
      h('p', {class: 'muted small'}, t('zones.editHelp')),
      h('button', {type: 'button', class: 'danger', id: 'zone-delete', onclick: () => {
        zones.splice(selected, 1); selected = Math.min(selected, zones.length - 1); errorZone = -1; markDirty(); drawAll();
      }}, t('zones.delete')));
  }

  function drawAll() {
    hint.textContent = drawing ? t('zones.drawingHelp', {n: drawing.length}) : t('zones.help');
    drawCanvas(); drawList(); drawForm();
  }

  async function save() {
    message.className = 'muted';
    message.textContent = t('zones.saving');
    errorZone = -1;
    try {
      const saved = await put(`/api/v1/cameras/${cameraId}/zones`, zones.map(zoneInput));
      const keep = zones[selected]?.id;
      camera.zones = saved.zones;
      zones = saved.zones.map(z => structuredClone(z));
      selected = Math.max(0, zones.findIndex(z => z.id === keep));
      if (!zones.length) selected = -1;
      dirty = false;
      drafts.delete(cameraId);
      message.className = 'success';
      message.textContent = t('zones.saved');
    } catch (e) {
      // The server names the offending value, e.g. zones[1].polygon: is self-intersecting…; point at that zone.
      const m = /^(?:zones)?\[(\d+)\]/.exec(e.field || '');
      if (m) { errorZone = Number(m[1]); selected = errorZone; }
      message.className = 'error';
      message.setAttribute('role', 'alert');
      message.textContent = t('zones.refused', {reason: e.field ? `${e.field}: ${e.message}` : e.message});
    }
    drawAll();
  }

  view.append(
    h('div', {class: 'page-head'}, h('h1', {}, t('zones.title', {camera: cameraLabel(camera)})),
      h('a', {href: `#/cameras/${cameraId}`, class: 'link-button'}, `← ${t('zones.back')}`)),
    h('div', {class: 'zone-grid'},
      h('section', {class: 'card', 'aria-label': t('zones.canvas')}, stage, hint,
        h('div', {class: 'button-row'},
          h('button', {type: 'button', class: 'secondary', id: 'zone-new', onclick: () => { drawing = []; selected = -1; drawAll(); svg.focus(); }}, t('zones.new')),
          h('button', {type: 'button', class: 'secondary', onclick: () => picture.refresh()}, t('zones.refreshPicture')))),
      h('aside', {class: 'card zone-side'},
        h('h2', {}, t('zones.list')), list, form,
        h('div', {class: 'button-row'}, h('button', {type: 'button', class: 'primary', id: 'zone-save', onclick: save}, t('zones.save')),
          h('button', {type: 'button', class: 'secondary', id: 'zone-discard', onclick: () => {
            drafts.delete(cameraId);
            zones = camera.zones.map(z => structuredClone(z));
            selected = zones.length ? 0 : -1; drawing = null; dirty = false; errorZone = -1;
            message.className = 'muted'; message.textContent = '';
            drawAll();
          }}, t('zones.discard'))),
        message)));
  if (drafts.has(cameraId)) markDirty();
  drawAll();
  const resized = new ResizeObserver(() => drawCanvas());
  resized.observe(svg);
  await picture.refresh();
  const beforeUnload = (e) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } };
  window.addEventListener('beforeunload', beforeUnload);
  return () => { picture.stop(); resized.disconnect(); window.removeEventListener('beforeunload', beforeUnload); };
}
