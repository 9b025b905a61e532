// Getting an officer's attention for a new alert: a short beep through WebAudio and, when the browser
// allows it, a desktop notification. Browsers only let audio start after a user gesture, so the context
// is created on the first click anywhere.
import {t, term} from './i18n.js';

const MUTE_KEY = 'citywatch.muted';
let audio = null;

document.addEventListener('pointerdown', () => {
  if (!audio && window.AudioContext) audio = new AudioContext();
  if (audio && audio.state === 'suspended') audio.resume();
}, {capture: true});

export function muted() {
  return localStorage.getItem(MUTE_KEY) === 'true';
}

export function setMuted(value) {
  localStorage.setItem(MUTE_KEY, String(value));
}

export function beep(severity) {
  if (muted() || !audio || audio.state !== 'running') return;
  const urgent = severity === 'high' || severity === 'critical';
  const now = audio.currentTime;
  // Two tones for urgent alerts so the wall can be told apart by ear.
  (urgent ? [0, 0.25] : [0]).forEach(offset => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = urgent ? 1046 : 784;
    gain.gain.setValueAtTime(0.0001, now + offset);
    gain.gain.exponentialRampToValueAtTime(0.3, now + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.2);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + offset);
    osc.stop(now + offset + 0.22);
  });
}

export function notificationsAvailable() {
  return 'Notification' in window;
}

export function notificationsGranted() {
  return notificationsAvailable() && Notification.permission === 'granted';
}

export async function askNotificationPermission() {
  if (!notificationsAvailable()) return 'denied';
  return Notification.requestPermission();
}

export function notify(event, onClick) {
  if (!notificationsGranted()) return;
  const n = new Notification(t('notify.title', {kind: term('kind', event.kind)}), {
    body: t('notify.body', {camera: event.camera?.name || event.camera?.id || '', severity: term('severity', event.severity)}),
    tag: event.id,
    lang: document.documentElement.lang,
  });
  n.onclick = () => { window.focus(); onClick(); n.close(); };
}
