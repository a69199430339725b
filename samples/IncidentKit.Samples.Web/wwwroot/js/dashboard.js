// The dashboard: open incidents grouped by priority with SLA countdown bars, who is on call now, the action items of
// post-incident reviews still to do, the period report, and live updates.
// Works from its first fetch; the stream only adds changes (a new incident appears without a reload).
import { openIncidents, incident as readIncident, onCall, pendingActionItems, showWhoAmI, ApiError } from './api.js';
import { dueText, isOverdue, itemStatusBadge, overdueMark } from './actionitems.js';
import { setUpReports } from './reports.js';
import { slaBar, mostPressingClock, startTicking, ago } from './sla.js';
import { connectLive } from './live.js';
import { priorityName, stateBadge, stateKey, el } from './ui.js';

const groups = document.getElementById('incident-groups');
const message = document.getElementById('incidents-message');
const count = document.getElementById('open-count');
const announcer = document.getElementById('announcer');
/** @type {Map<string, object>} */
const incidents = new Map();
const OPEN = new Set(['new', 'acknowledged', 'inprogress', 'onhold']);

async function loadAll() {
  try {
    const { items } = await openIncidents();
    incidents.clear();
    for (const item of items) incidents.set(item.id, item);
    render();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      message.textContent = `Could not load incidents: ${error.message}`;
      message.hidden = false;
    }
  }
}

async function refresh(id) {
  try {
    const fresh = await readIncident(id);
    const known = incidents.has(id);
    if (OPEN.has(stateKey(fresh.state))) {
      incidents.set(id, fresh);
      if (!known) announcer.textContent = `New incident: ${priorityName(fresh.priority)} ${fresh.title}`;
    } else {
      incidents.delete(id);
    }
    // Only an arrival is highlighted; a change updates the row in place.
    render(known ? undefined : id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      incidents.delete(id);
      render();
    }
  }
}

function render(highlightId) {
  // Most pressing first: priority, then the SLA that breached or falls due first, then the oldest.
  const list = [...incidents.values()].sort((a, b) =>
    a.priority - b.priority || urgency(a) - urgency(b) || Date.parse(a.openedAt ?? 0) - Date.parse(b.openedAt ?? 0));
  count.textContent = `(${list.length})`;
  message.hidden = list.length > 0;
  if (list.length === 0) message.textContent = 'No open incidents. All quiet.';

  const byPriority = new Map();
  for (const item of list) {
    if (!byPriority.has(item.priority)) byPriority.set(item.priority, []);
    byPriority.get(item.priority).push(item);
  }
  const sections = [];
  for (const [level, items] of byPriority) {
    const headingId = `p${level}-heading`;
    sections.push(el('section', { class: 'priority-group', 'data-priority': level, 'aria-labelledby': headingId }, [
      el('h2', { id: headingId }, [
        el('span', { class: `priority-badge p${Math.min(level, 5)}` }, [`P${level}`]),
        ` ${priorityName(level).replace(/^P\d+ /, '')}`,
        el('span', { class: 'count' }, [` (${items.length})`]),
      ]),
      el('ol', { class: 'incident-list' }, items.map((item) => row(item, item.id === highlightId))),
    ]));
  }
  groups.replaceChildren(...sections);
}

function urgency(item) {
  const clock = mostPressingClock(item.clocks);
  if (!clock) return Infinity;
  if (clock.status.toLowerCase() === 'paused') return Number.MAX_SAFE_INTEGER;
  return clock.dueAt ?? Number.MAX_SAFE_INTEGER - 1;
}

function row(item, highlight) {
  const clock = mostPressingClock(item.clocks);
  const skew = (item.asOf ?? Date.now()) - Date.now();
  const meta = [stateBadge(item.state)];
  if (item.service) meta.push(el('span', { class: 'service' }, [item.service]));
  meta.push(item.assignee
    ? el('span', { class: 'person-inline' }, [el('span', { class: 'visually-hidden' }, ['Assignee: ']), item.assignee])
    : el('span', { class: 'unassigned' }, ['Unassigned']));
  if (item.openedAt) {
    meta.push(el('time', { datetime: item.openedAt, title: new Date(item.openedAt).toLocaleString() }, [`opened ${ago(item.openedAt, skew)}`]));
  }
  return el('li', { class: `incident-row${highlight ? ' highlight' : ''}`, 'data-id': item.id, 'data-state': stateKey(item.state) }, [
    el('article', { 'aria-labelledby': `title-${item.id}` }, [
      el('h3', { id: `title-${item.id}`, class: 'incident-title' }, [
        el('a', { href: `/incident.html?id=${encodeURIComponent(item.id)}` }, [item.title]),
      ]),
      el('p', { class: 'meta' }, meta),
      clock ? slaBar(clock, item.asOf ?? Date.now()) : el('p', { class: 'sla-none' }, ['No SLA clock running']),
    ]),
  ]);
}

async function loadOnCall() {
  const list = document.getElementById('oncall-list');
  const note = document.getElementById('oncall-message');
  try {
    const schedules = await onCall();
    note.hidden = schedules.length > 0;
    note.textContent = 'No schedules configured.';
    list.replaceChildren(...schedules.map(onCallItem));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) note.textContent = `Could not load schedules: ${error.message}`;
  }
}

function onCallItem(s) {
  const name = s.schedule ?? s.name ?? s.id;
  const names = (s.onCall ?? []).map((p) => (typeof p === 'string' ? p : p.user ?? p.id));
  const nextAt = s.nextHandoffs?.[0]?.at ?? null;
  const next = (s.nextHandoffs?.[0]?.onCall ?? []).map(String);
  return el('li', { class: 'oncall-item' }, [
    el('h3', {}, [String(name)]),
    el('p', { class: 'oncall-people' }, names.length ? names.map((n) => el('span', { class: 'person' }, [n])) : ['Nobody on call']),
    nextAt ? el('p', { class: 'hint' }, [
      next.length ? `Hands over to ${next.join(', ')} ` : 'Hands over ',
      el('time', { datetime: nextAt }, [new Date(nextAt).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' })]),
    ]) : '',
  ]);
}

const ITEMS_SHOWN = 10;

/** Lists the tenant's pending action items, earliest due first; overdue ones say so in words. */
async function loadActionItems() {
  const list = document.getElementById('items-list');
  const note = document.getElementById('items-message');
  try {
    // One more than shown tells whether there are more than the list has room for.
    const items = await pendingActionItems(ITEMS_SHOWN + 1);
    const overdue = items.filter((item) => isOverdue(item)).length;
    document.getElementById('items-count').textContent = `(${items.length > ITEMS_SHOWN ? `${ITEMS_SHOWN}+` : items.length})`;
    note.hidden = items.length > 0 && overdue === 0;
    note.textContent = items.length === 0 ? 'Nothing to follow up.' : `${overdue} overdue.`;
    list.replaceChildren(...items.slice(0, ITEMS_SHOWN).map(actionItem));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) note.textContent = `Could not load action items: ${error.message}`;
  }
}

function actionItem(item) {
  const overdue = isOverdue(item);
  return el('li', { class: `action-item${overdue ? ' is-overdue' : ''}`, 'data-id': item.id, 'data-overdue': String(overdue) }, [
    el('p', { class: 'action-item-title' }, [
      el('a', { href: `/incident.html?id=${encodeURIComponent(item.incident)}#review` }, [item.title]),
    ]),
    el('p', { class: 'meta' }, [
      overdue ? overdueMark() : '',
      dueText(item),
      el('span', { class: 'person-inline' }, [el('span', { class: 'visually-hidden' }, ['Owner: ']), item.owner]),
      itemStatusBadge(item.status),
    ]),
  ]);
}

startTicking();
setUpReports(document.getElementById('report-form'));
showWhoAmI(document.getElementById('whoami'));
// No top-level await: the page's load event does not wait for the API. The stream connects after the first read, so
// nothing it reports can be overwritten by an older answer.
Promise.all([loadAll(), loadOnCall(), loadActionItems()]).then(() => connectLive({
  status: document.getElementById('live-status'),
  onChange: ({ id }) => (id ? refresh(id) : loadAll()),
  onResync: () => { loadAll(); loadOnCall(); loadActionItems(); },
}));
// Relative "opened … ago" texts and on-call hand-overs age too; re-render the rows once a minute.
setInterval(() => render(), 60000);
// Action items change in reviews, which the incident stream does not carry, and turn overdue by the day: re-read them
// every five minutes (a follow-up list can lag that much).
setInterval(loadActionItems, 300000);
