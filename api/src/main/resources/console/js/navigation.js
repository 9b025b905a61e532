// Moving between pages: routes are URL hashes, so navigating is setting the hash (the router listens).
export function go(target) {
  if (location.hash === `#${target}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}
