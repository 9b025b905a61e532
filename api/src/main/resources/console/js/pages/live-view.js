import {h, replace} from '../dom.js';
import {t, term, formatAge} from '../i18n.js';
import {get, hasRole} from '../api.js';
import {CameraPicture, loadStatus, drawStatus} from '../camera-picture.js';
import * as store from '../alerts-store.js';
import {cameraLabel, stateBadge} from '../format.js';

const LIVE_REFRESH_MS = 1000;

export async function render(view, [id]) {
  const camera = await get(`/api/v1/cameras/${id}`);
  const picture = new CameraPicture(id, {alt: t('cameras.pictureAlt', {camera: cameraLabel(camera)}), id: 'live-picture'}).start(LIVE_REFRESH_MS);
  const statusBox = h('div', {class: 'camera-status'});
  const alertsBox = h('ul', {class: 'plain-list'});
  const drawAlerts = () => {
    const mine = store.alerts().filter(e => e.camera?.id === id && store.UNHANDLED.includes(e.state));
    replace(alertsBox, mine.length ? mine.map(e => h('li', {}, h('a', {href: `#/events/${e.id}`}, term('kind', e.kind)), ' ', stateBadge(e.state), ' ',
      h('span', {class: 'muted'}, formatAge(e.startedAt)))) : h('li', {class: 'muted'}, t('alerts.none')));
  };
  view.append(
    h('div', {class: 'page-head'}, h('h1', {}, cameraLabel(camera)),
      h('div', {class: 'button-row'},
        hasRole('officer') ? h('a', {href: `#/zones/${id}`, class: 'link-button'}, t('cameras.editZones')) : null,
        h('a', {href: '#/cameras', class: 'link-button'}, `← ${t('cameras.back')}`))),
    h('div', {class: 'live-grid'},
      h('section', {class: 'card live-picture', 'aria-label': t('cameras.live')}, picture.element),
      h('aside', {class: 'card'},
        h('h2', {}, t('cameras.status')), statusBox,
        h('p', {class: 'muted small'}, camera.location?.address || ''),
        h('h2', {}, t('cameras.zones')),
        h('ul', {class: 'plain-list'}, camera.zones.map(z => h('li', {}, `${z.name || z.id} · ${term('zoneKind', z.kind)}`))),
        h('h2', {}, t('cameras.openAlerts')), alertsBox)));
  drawAlerts();
  const unsubscribe = store.subscribe(drawAlerts);
  let stopped = false;
  const refreshStatus = async () => { const st = await loadStatus(id); if (!stopped) drawStatus(statusBox, st, store.cameraFindings(id)); };
  refreshStatus();
  const timer = setInterval(refreshStatus, 5000);
  return () => { stopped = true; clearInterval(timer); unsubscribe(); picture.stop(); };
}
