// SLA countdown bars. Each bar keeps the server's reading (elapsed, target, due instant, and the server's clock at the
// time of reading) and one shared timer moves every bar once a second on the server's time, so a fake clock in the
// host or a skewed clock in the browser does not shift the countdown. Level: ok, warning (amber) at the first warning
// threshold, breached (red) at the due instant; each level has its own icon and words, never colour alone.

const LABELS = { response: 'Response', resolution: 'Resolution', update: 'Next update' };
// Glyphs every common font has (DejaVu, Noto, Segoe UI): no emoji, which many servers and phones lack.
const ICONS = { ok: '◔', warning: '⚠', breached: '✖', paused: '‖', met: '✔' };

/** Returns the clocks worth showing (running, paused, breached or met), most pressing first. */
export function visibleClocks(clocks) {
  return clocks
    .filter((c) => ['running', 'paused', 'breached', 'met'].includes(c.status.toLowerCase()))
    .sort((a, b) => rank(a) - rank(b) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
}

/** Returns the one clock a list row shows: a breached one, else the running one due first. */
export function mostPressingClock(clocks) {
  return visibleClocks(clocks).find((c) => c.status.toLowerCase() !== 'met') ?? null;
}

function rank(clock) {
  switch (clock.status.toLowerCase()) {
    case 'breached': return 0;
    case 'running': return 1;
    case 'paused': return 2;
    default: return 3;
  }
}

/**
 * Creates a bar for one clock.
 * @param {object} clock  a clock from api.js
 * @param {number} serverAsOf  the server's instant (ms) the clock was read at
 */
export function slaBar(clock, serverAsOf) {
  const root = document.createElement('div');
  root.className = 'sla';
  root.dataset.kind = clock.kind;
  root.dataset.status = clock.status.toLowerCase();
  root.dataset.skew = String(serverAsOf - Date.now());
  root.dataset.asOf = String(serverAsOf);
  if (clock.dueAt != null) root.dataset.due = String(clock.dueAt);
  if (clock.targetMs != null) root.dataset.target = String(clock.targetMs);
  if (clock.elapsedMs != null) root.dataset.elapsed = String(clock.elapsedMs);
  if (clock.remainingMs != null) root.dataset.remaining = String(clock.remainingMs);
  root.dataset.warn = String(Math.min(...clock.warnings) / 100);

  const label = document.createElement('p');
  label.className = 'sla-label';
  const icon = document.createElement('span');
  icon.className = 'sla-icon';
  icon.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.className = 'sla-text';
  label.append(icon, text);

  const bar = document.createElement('div');
  bar.className = 'sla-bar';
  bar.setAttribute('role', 'meter');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.setAttribute('aria-label', `${LABELS[clock.kind] ?? clock.kind} SLA time used`);
  const fill = document.createElement('span');
  fill.className = 'sla-fill';
  bar.append(fill);

  root.append(label, bar);
  update(root);
  return root;
}

/** Recomputes one bar for the current server time. */
export function update(root) {
  const now = Date.now() + Number(root.dataset.skew ?? 0);
  const status = root.dataset.status;
  const due = root.dataset.due ? Number(root.dataset.due) : null;
  const target = root.dataset.target ? Number(root.dataset.target) : null;
  const elapsedAtRead = root.dataset.elapsed ? Number(root.dataset.elapsed) : null;
  const running = status === 'running';
  const sinceRead = Math.max(0, now - Number(root.dataset.asOf ?? now));

  let fraction = null;
  if (target) {
    const elapsed = (elapsedAtRead ?? 0) + (running ? sinceRead : 0);
    fraction = elapsed / target;
    if (running && due != null && now < due) fraction = Math.min(fraction, 0.999);
  }
  if (running && due != null && now >= due) fraction = 1;

  let level;
  if (status === 'breached' || (running && due != null && now >= due)) level = 'breached';
  else if (status === 'paused') level = 'paused';
  else if (status === 'met') level = 'met';
  else if (fraction != null && fraction >= Number(root.dataset.warn)) level = 'warning';
  else level = 'ok';

  const name = LABELS[root.dataset.kind] ?? root.dataset.kind;
  let words;
  switch (level) {
    case 'breached':
      words = due != null ? `${name} breached ${formatDuration(now - due)} ago` : `${name} breached`;
      break;
    case 'paused': {
      const left = root.dataset.remaining ? Number(root.dataset.remaining) : null;
      words = left != null ? `${name} paused · ${formatDuration(left)} left` : `${name} paused`;
      break;
    }
    case 'met':
      words = `${name} met`;
      break;
    default:
      words = due != null ? `${name} due in ${formatDuration(due - now)}` : `${name} running`;
      if (level === 'warning') words += ' · warning';
  }

  root.dataset.level = level;
  root.querySelector('.sla-icon').textContent = ICONS[level];
  root.querySelector('.sla-text').textContent = words;
  const pct = fraction == null ? (level === 'met' ? 0 : 0) : Math.max(0, Math.min(100, Math.round(fraction * 100)));
  const bar = root.querySelector('.sla-bar');
  bar.setAttribute('aria-valuenow', String(pct));
  bar.setAttribute('aria-valuetext', words);
  root.querySelector('.sla-fill').style.width = `${pct}%`;
  root.title = due != null ? `${name} due ${new Date(due).toLocaleString()}` : name;
}

/** Formats a span as "45s", "12m 05s", "3h 20m" or "2d 4h". */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Formats an instant as a short relative time ("5m ago") for the browser's clock. */
export function ago(iso, skew = 0) {
  if (!iso) return '';
  const ms = Date.now() + skew - Date.parse(iso);
  return ms < 45000 ? 'just now' : `${formatDuration(ms).split(' ')[0]} ago`;
}

let timer = null;

/** Starts the one timer that moves every bar on the page (idempotent). */
export function startTicking() {
  if (timer) return;
  timer = setInterval(() => {
    for (const el of document.querySelectorAll('.sla')) update(el);
    document.dispatchEvent(new CustomEvent('sla:tick'));
  }, 1000);
}
