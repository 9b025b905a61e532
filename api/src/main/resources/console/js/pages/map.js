import {h, replace} from '../dom.js';
import {t, term} from '../i18n.js';
import {get} from '../api.js';
import * as store from '../alerts-store.js';
import {mapSvg} from '../map-view.js';
import {cameraLabel} from '../format.js';

export async function render(view) {
  const [config, cameras] = await Promise.all([
    get('/api/v1/map').catch(() => null),
    get('/api/v1/cameras').then(r => r.items),
  ]);
  let zoomDelta = 0;
  const box = h('div', {class: 'map-box', id: 'map'});
  const legend = h('p', {class: 'muted small'});

  function markers() {
    const cams = cameras.filter(c => c.location).map(c => ({
      lat: c.location.lat, lon: c.location.lon, type: 'camera', name: c.name || c.id,
      label: t('map.camera', {camera: cameraLabel(c)}), href: `#/cameras/${c.id}`,
    }));
    const open = store.alerts().filter(e => store.UNHANDLED.includes(e.state) && e.camera?.location).map(e => ({
      lat: e.camera.location.lat, lon: e.camera.location.lon, type: 'alert', severity: e.severity,
      label: `${term('kind', e.kind)} · ${term('state', e.state)} · ${cameraLabel(e.camera)}`, href: `#/events/${e.id}`,
    }));
    return [...cams, ...open];
  }

  function draw() {
    const m = markers();
    replace(box, mapSvg(config, m, {width: 1280, height: 720, zoomDelta}));
    legend.textContent = t('map.legend', {cameras: m.filter(x => x.type === 'camera').length, alerts: m.filter(x => x.type === 'alert').length})
      + ' · ' + (config?.tiles?.url ? t('map.tiles') : config?.baseLayer ? t('map.baseLayer') : t('map.noBase'));
  }

  view.append(
    h('div', {class: 'page-head'}, h('h1', {}, t('map.title')),
      h('div', {class: 'button-row'},
        h('button', {type: 'button', class: 'secondary', 'aria-label': t('map.zoomIn'), onclick: () => { zoomDelta++; draw(); }}, '+'),
        h('button', {type: 'button', class: 'secondary', 'aria-label': t('map.zoomOut'), onclick: () => { zoomDelta--; draw(); }}, '−'))),
    h('section', {class: 'card'}, box, legend));
  draw();
  return store.subscribe((kind) => { if (kind === 'change' || kind === 'reset') draw(); });
}
