// Element building for the console's pages: one small helper instead of a framework, so the console
// runs from a clean clone as plain ES modules with nothing to bundle or download.

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'x'}, 'text', child...) → HTMLElement.
 * Attributes whose value is null/undefined/false are left out; `on*` functions become listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The SVG twin of h(): map, zone editor and charts are drawn as SVG. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' && 'value' in el && el.namespaceURI !== SVG_NS) {
      el.value = value;
    } else if (key === 'checked' && el instanceof HTMLInputElement) {
      el.checked = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of a container. */
export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** A <select> with options [{value, label}] and the current value chosen. */
export function select(attrs, options, current) {
  return h('select', attrs, options.map(o =>
    h('option', {value: o.value, selected: String(o.value) === String(current ?? '')}, o.label)));
}

/** A labelled form field: the label wraps the control so screen readers and clicks find it. */
export function field(label, control, hint) {
  return h('label', {class: 'field'}, h('span', {class: 'field-label'}, label), control,
    hint ? h('span', {class: 'field-hint'}, hint) : null);
}
