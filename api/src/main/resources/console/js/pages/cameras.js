import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, hasRole} from '../api.js';
import {CameraPicture, loadStatus, drawStatus} from '../camera-picture.js';
import * as store from '../alerts-store.js';
import {cameraLabel} from '../format.js';

const THUMBNAIL_REFRESH_MS = 5000;
const STATUS_REFRESH_MS = 10000;

export async function render(view) {
  const cameras = (await get('/api/v1/cameras')).items;
  const pictures = [];
  const statusBoxes = [];
  const wall = h('div', {class: 'camera-wall', id: 'camera-wall'});
  for (const camera of cameras) {
    const picture = new CameraPicture(camera.id, {width: 480, alt: t('cameras.pictureAlt', {camera: cameraLabel(camera)})});
    const statusBox = h('div', {class: 'camera-status'});
    pictures.push(picture);
    statusBoxes.push([camera.id, statusBox]);
    wall.append(h('article', {class: 'camera-tile card', dataset: {cameraId: camera.id}},
      h('a', {href: `#/cameras/${camera.id}`, class: 'tile-link', 'aria-label': t('cameras.openLive', {camera: cameraLabel(camera)})}, picture.element),
      h('div', {class: 'tile-caption'},
        h('h2', {}, h('a', {href: `#/cameras/${camera.id}`}, cameraLabel(camera))),
        h('p', {class: 'muted small'}, camera.location?.address || '', camera.zones.length ? ` · ${t('cameras.zoneCount', {n: camera.zones.length})}` : ''),
        statusBox,
        hasRole('officer') ? h('a', {href: `#/zones/${camera.id}`, class: 'link-button small'}, t('cameras.editZones')) : null)));
  }
  view.append(h('div', {class: 'page-head'}, h('h1', {}, t('cameras.title')),
    h('p', {class: 'muted'}, t('cameras.count', {n: cameras.length}))),
  cameras.length ? wall : h('p', {class: 'empty'}, t('cameras.none')));
  pictures.forEach(p => p.start(THUMBNAIL_REFRESH_MS));
  let stopped = false;
  const refreshStatus = async () => {
    await Promise.all(statusBoxes.map(async ([id, box]) => { const st = await loadStatus(id); if (!stopped) drawStatus(box, st, store.cameraFindings(id)); }));
  };
  refreshStatus();
  const timer = setInterval(refreshStatus, STATUS_REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); pictures.forEach(p => p.stop()); };
}
