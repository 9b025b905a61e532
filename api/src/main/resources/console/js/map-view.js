// A map drawn as SVG with no mapping library: Web-Mercator projection, the configured tile source when the
// deployment has one, else the deployment's GeoJSON base layer (e.g. the district outline), else a plain
// background. Cameras and alerts are markers at their coordinates.
import {s} from './dom.js';
import {t} from './i18n.js';

const TILE = 256;

function project(lat, lon, zoom) {
  const scale = TILE * 2 ** zoom;
  const sin = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180);
  return [(lon + 180) / 360 * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

/** Every [lon, lat] position of a GeoJSON object (FeatureCollection, Feature or geometry). */
function positions(geo, out = []) {
  if (!geo) return out;
  if (geo.type === 'FeatureCollection') geo.features.forEach(f => positions(f, out));
  else if (geo.type === 'Feature') positions(geo.geometry, out);
  else if (geo.type === 'GeometryCollection') geo.geometries.forEach(g => positions(g, out));
  else if (geo.coordinates) (function walk(c) { typeof c[0] === 'number' ? out.push(c) : c.forEach(walk); })(geo.coordinates);
  return out;
}

function fitZoom(points, width, height) {
  if (points.length < 2) return 16;
  // Measured at zoom 0, the extent doubles with every zoom level.
  const xy = points.map(([lon, lat]) => project(lat, lon, 0));
  const w = Math.max(...xy.map(p => p[0])) - Math.min(...xy.map(p => p[0]));
  const hgt = Math.max(...xy.map(p => p[1])) - Math.min(...xy.map(p => p[1]));
  const zoom = Math.log2(Math.min(width * 0.85 / Math.max(w, 1e-12), height * 0.85 / Math.max(hgt, 1e-12)));
  return Math.max(1, Math.min(19, zoom));
}

function geometryPaths(geo, zoom, out = []) {
  if (!geo) return out;
  if (geo.type === 'FeatureCollection') { geo.features.forEach(f => geometryPaths(f, zoom, out)); return out; }
  if (geo.type === 'Feature') {
    const before = out.length;
    geometryPaths(geo.geometry, zoom, out);
    const name = geo.properties?.name;
    if (name) out.slice(before).forEach(p => p.append(s('title', {}, name)));
    return out;
  }
  const ring = (coords) => coords.map(([lon, lat], i) => {
    const [x, y] = project(lat, lon, zoom);
    return `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
  }).join('');
  switch (geo.type) {
    case 'Polygon': out.push(s('path', {d: geo.coordinates.map(r => ring(r) + 'Z').join(''), class: 'base-area'})); break;
    case 'MultiPolygon': geo.coordinates.forEach(p => out.push(s('path', {d: p.map(r => ring(r) + 'Z').join(''), class: 'base-area'}))); break;
    case 'LineString': out.push(s('path', {d: ring(geo.coordinates), class: 'base-line'})); break;
    case 'MultiLineString': geo.coordinates.forEach(l => out.push(s('path', {d: ring(l), class: 'base-line'}))); break;
    case 'Point': { const [x, y] = project(geo.coordinates[1], geo.coordinates[0], zoom); out.push(s('circle', {cx: x, cy: y, r: 3, class: 'base-point'})); break; }
    case 'GeometryCollection': geo.geometries.forEach(g => geometryPaths(g, zoom, out)); break;
    default: break;
  }
  return out;
}

/**
 * config: GET /api/v1/map's answer (tiles, baseLayer, center [lat, lon], zoom). markers: [{lat, lon, type:
 * 'camera'|'alert', label, href, severity}]. zoomDelta: the user's +/- steps from the fitted zoom.
 */
export function mapSvg(config, markers, {width = 960, height = 540, zoomDelta = 0, label} = {}) {
  const cfg = config || {};
  const tiles = cfg.tiles && cfg.tiles.url ? cfg.tiles : null;
  const placed = markers.filter(m => Number.isFinite(m.lat) && Number.isFinite(m.lon));
  const basePoints = positions(cfg.baseLayer);
  const fitPoints = [...basePoints, ...placed.map(m => [m.lon, m.lat])];
  let zoom = tiles ? Math.round(cfg.zoom ?? 15)
    : (cfg.baseLayer || placed.length > 1 ? fitZoom(fitPoints, width, height) : (cfg.zoom ?? 16));
  zoom = Math.max(1, Math.min(19, zoom + zoomDelta));
  let center = cfg.center;
  if (!center || tiles === null) {
    if (fitPoints.length) {
      const xy = fitPoints.map(([lon, lat]) => project(lat, lon, zoom));
      const cx = (Math.min(...xy.map(p => p[0])) + Math.max(...xy.map(p => p[0]))) / 2;
      const cy = (Math.min(...xy.map(p => p[1])) + Math.max(...xy.map(p => p[1]))) / 2;
      center = {xy: [cx, cy]};
    } else if (!center) {
      center = [0, 0];
    }
  }
  const [cx, cy] = center.xy || project(center[0], center[1], zoom);
  const x0 = cx - width / 2;
  const y0 = cy - height / 2;
  const svg = s('svg', {viewBox: `${x0} ${y0} ${width} ${height}`, class: 'map-svg', role: 'img',
    'aria-label': label || t('map.title'), preserveAspectRatio: 'xMidYMid meet'});
  svg.append(s('rect', {x: x0, y: y0, width, height, class: 'map-background'}));
  if (tiles) {
    const z = zoom;
    const n = 2 ** z;
    for (let tx = Math.floor(x0 / TILE); tx <= Math.floor((x0 + width) / TILE); tx++) {
      for (let ty = Math.floor(y0 / TILE); ty <= Math.floor((y0 + height) / TILE); ty++) {
        if (ty < 0 || ty >= n) continue;
        const wrapped = ((tx % n) + n) % n;
        const href = tiles.url.replace('{z}', z).replace('{x}', wrapped).replace('{y}', ty).replace('{s}', 'a');
        svg.append(s('image', {href, x: tx * TILE, y: ty * TILE, width: TILE, height: TILE, class: 'map-tile'}));
      }
    }
  } else if (cfg.baseLayer) {
    svg.append(s('g', {class: 'base-layer'}, geometryPaths(cfg.baseLayer, zoom)));
  }
  const layer = s('g', {class: 'markers'});
  // Alerts above cameras: they are what the officer looks for.
  [...placed].sort((a, b) => (a.type === 'alert') - (b.type === 'alert')).forEach(m => {
    const [x, y] = project(m.lat, m.lon, zoom);
    const shape = m.type === 'alert'
      ? s('circle', {cx: x, cy: y, r: 11, class: `marker-alert severity-${m.severity || 'medium'}`})
      : s('rect', {x: x - 7, y: y - 7, width: 14, height: 14, rx: 3, class: 'marker-camera'});
    const group = s('a', {href: m.href || null, class: `marker marker-${m.type}`, 'aria-label': m.label},
      s('title', {}, m.label), shape);
    if (m.type === 'camera' && m.name) group.append(s('text', {x: x + 10, y: y + 4, class: 'marker-label'}, m.name));
    layer.append(group);
  });
  svg.append(layer);
  const attribution = tiles ? (tiles.attribution || '') : (cfg.baseLayer ? t('map.baseLayer') : t('map.noBase'));
  if (attribution) svg.append(s('text', {x: x0 + width - 6, y: y0 + height - 6, class: 'map-attribution', 'text-anchor': 'end'}, attribution));
  return svg;
}
