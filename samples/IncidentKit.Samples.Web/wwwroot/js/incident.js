// One incident: its facts, SLA clocks, the commands the workflow permits now (as buttons), its post-incident review once
// resolved (review.js) and its timeline.
// Commands carry the version the page showed (If-Match), so acting on a stale page answers 412 and the page re-reads.
import { incident as readIncident, timeline as readTimeline, command, showWhoAmI, ApiError } from './api.js';
import { slaBar, visibleClocks, startTicking } from './sla.js';
import { connectLive } from './live.js';
import { showReview } from './review.js';
import { el, priorityName, stateBadge, humanize, eventName } from './ui.js';

const id = new URLSearchParams(location.search).get('id');
const message = document.getElementById('incident-message');
const result = document.getElementById('action-result');
let current = null;

/** The commands the page offers, in the order of the workflow; fields are what each command's body needs. */
const COMMANDS = {
  acknowledge: { label: 'Acknowledge', primary: true },
  start: { label: 'Start work', primary: true },
  resume: { label: 'Resume', primary: true },
  resolve: {
    label: 'Resolve', primary: true, fields: [
      { name: 'code', label: 'Resolution code', required: true, placeholder: 'e.g. Fixed, Workaround, Rolled back' },
      { name: 'notes', label: 'Resolution notes', kind: 'textarea', required: true },
    ],
  },
  close: { label: 'Close', primary: true },
  // Resolution verification (when the workflow asks for it): the reporter or the owner confirms or rejects.
  'verify-confirm': { label: 'Confirm resolution', primary: true, route: 'verify', body: { confirm: true } },
  'verify-reject': {
    label: 'Reject resolution', route: 'verify', body: { confirm: false },
    fields: [{ name: 'reason', label: 'Why the resolution did not hold', required: true }],
  },
  note: { label: 'Add work note', fields: [{ name: 'text', label: 'Note', kind: 'textarea', required: true }] },
  'status-update': {
    label: 'Post status update', fields: [
      { name: 'text', label: 'Update', kind: 'textarea', required: true },
      { name: 'audience', label: 'Audience', kind: 'select', options: ['Internal', 'External'] },
    ],
  },
  assign: {
    label: 'Assign', fields: [
      { name: 'assignee', label: 'Assignee (user id)' },
      { name: 'assignmentGroup', label: 'Assignment group' },
    ],
  },
  diagnose: {
    label: 'Record diagnosis', fields: [
      { name: 'stage', label: 'Stage', kind: 'select', options: ['Symptoms', 'SuspectedCause', 'ConfirmedRootCause'] },
      { name: 'text', label: 'Diagnosis', kind: 'textarea', required: true },
    ],
  },
  priority: {
    label: 'Change priority', fields: [
      { name: 'impact', label: 'Impact (1 high – 3 low)', kind: 'number', required: true },
      { name: 'urgency', label: 'Urgency (1 high – 3 low)', kind: 'number', required: true },
      { name: 'reason', label: 'Reason' },
    ],
  },
  hold: { label: 'Put on hold', fields: [{ name: 'reason', label: 'Waiting for', required: true }] },
  reopen: { label: 'Reopen', fields: [{ name: 'reason', label: 'Why it is back', required: true }] },
  cancel: { label: 'Cancel incident', danger: true, fields: [{ name: 'reason', label: 'Why it was logged in error', required: true }] },
};

async function load() {
  if (!id) {
    message.textContent = 'No incident was named. Go back to the dashboard and pick one.';
    return;
  }
  try {
    const [item, events] = await Promise.all([readIncident(id), readTimeline(id)]);
    current = item;
    render(item, events);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    message.textContent = error instanceof ApiError && error.status === 404
      ? 'There is no such incident (or it belongs to another team).'
      : `Could not load the incident: ${error.message}`;
    message.hidden = false;
  }
}

function render(item, events) {
  document.title = `${priorityName(item.priority).split(' ')[0]} ${item.title} · IncidentKit`;
  message.hidden = true;
  document.getElementById('incident').hidden = false;
  const priority = document.getElementById('incident-priority');
  priority.className = `priority-badge p${Math.min(item.priority, 5)}`;
  priority.textContent = priorityName(item.priority);
  document.getElementById('incident-state').replaceChildren(stateBadge(item.state));
  document.getElementById('incident-title').textContent = item.title;
  const description = document.getElementById('incident-description');
  description.textContent = item.description ?? '';
  description.hidden = !item.description;

  const facts = [
    ['Service', item.service], ['Category', item.category], ['Assignee', item.assignee ?? 'Unassigned'],
    ['Group', item.assignmentGroup], ['Impact · urgency', item.impact != null ? `${level(item.impact)} · ${level(item.urgency)}` : null],
    ['Opened', item.openedAt ? new Date(item.openedAt).toLocaleString() : null],
    ['Escalation', escalationText(item.escalation)], ['Version', item.version],
  ].filter(([, v]) => v != null && v !== '');
  document.getElementById('incident-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, [k]), el('dd', {}, [String(v)])]));

  const clocks = visibleClocks(item.clocks);
  document.getElementById('sla-clocks').replaceChildren(...(clocks.length
    ? clocks.map((c) => slaBar(c, item.asOf))
    : [el('p', { class: 'hint' }, ['No SLA clock applies to this incident.'])]));

  renderActions(item);
  renderTimeline(events);
  showReview(id, item, events);
}

/** Describes the escalation state: the level paged, the round, and when the next step fires unless acknowledged. */
function escalationText(e) {
  if (!e || e.currentLevel == null) return null;
  let text = `${e.policy ? `${e.policy}: ` : ''}level ${e.currentLevel}, round ${e.round}`;
  if (e.acknowledged) text += ' · acknowledged';
  else if (e.nextTimeoutAt) text += ` · next step ${new Date(e.nextTimeoutAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} unless acknowledged`;
  return text;
}

/** Names an impact or urgency level of the default 3×3 matrix (1 High, 2 Medium, 3 Low); other levels as numbers. */
function level(value) {
  const n = typeof value === 'object' && value ? value.level : Number(value);
  return { 1: 'High', 2: 'Medium', 3: 'Low' }[n] ?? String(value);
}

function renderActions(item) {
  const buttons = Object.entries(COMMANDS)
    .filter(([slug, spec]) => item.permitted.includes(spec.route ?? slug))
    .map(([slug, spec]) => el('button', {
      type: 'button',
      class: spec.danger ? 'danger' : spec.primary ? 'primary' : 'secondary',
      'data-command': slug,
    }, [spec.label]));
  for (const button of buttons) button.addEventListener('click', () => run(button.dataset.command, button));
  document.getElementById('actions').replaceChildren(...buttons);
  document.getElementById('actions-hint').textContent = buttons.length
    ? 'The buttons are the commands the workflow permits now.'
    : 'No command is permitted in this state.';
}

const DELIVERIES = new Set(['notification-delivered', 'notification-failed']);
let lastEvents = [];
document.getElementById('show-deliveries').addEventListener('change', () => renderTimeline(lastEvents));

/** Draws the timeline, newest first; notification deliveries (many per page-out) are hidden unless asked for. */
function renderTimeline(events) {
  lastEvents = events;
  const showDeliveries = document.getElementById('show-deliveries').checked;
  const deliveries = events.filter((e) => DELIVERIES.has(e.type)).length;
  document.getElementById('delivery-count').textContent = `(${deliveries})`;
  const items = [...events].reverse().filter((e) => showDeliveries || !DELIVERIES.has(e.type)).map((e) => {
    const details = describe(e.raw);
    return el('li', { class: 'timeline-item', 'data-type': e.type }, [
      el('p', { class: 'timeline-head' }, [
        el('strong', {}, [eventName(e.type)]),
        e.actor ? el('span', { class: 'actor' }, [` by ${e.actor}`]) : '',
        e.at ? el('time', { datetime: e.at }, [new Date(e.at).toLocaleString()]) : '',
      ]),
      details ? el('p', { class: 'timeline-body' }, [details]) : '',
    ]);
  });
  document.getElementById('timeline').replaceChildren(...items);
}

const SKIP = new Set(['type', 'at', 'actor', 'eventId', 'incident', 'tenant', 'cycle', 'idempotencyKey']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Summarises an event's own fields (text, reason, assignee, …) in one line. */
function describe(raw) {
  const parts = [];
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (SKIP.has(key) || value == null || value === '' || typeof value === 'object') continue;
    const shown = typeof value === 'string' && INSTANT.test(value) ? new Date(value).toLocaleString() : value;
    parts.push(['text', 'notes', 'reason', 'title'].includes(key) ? String(value) : `${humanize(key)}: ${shown}`);
  }
  return parts.join(' · ');
}

async function run(slug, button) {
  const spec = COMMANDS[slug];
  let fields = {};
  if (spec.fields?.length) {
    fields = await ask(spec);
    if (!fields) return;
  }
  button.disabled = true;
  try {
    await command(id, spec.route ?? slug, { ...spec.body, ...fields }, current?.etag);
    say(`${spec.label}: done.`);
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.status === 412) say('Someone else changed this incident first; the page now shows the latest version. Try again if still needed.', true);
      else if (error.status === 409) say(`Not permitted now: ${error.message}`, true);
      else if (error.status !== 401) say(`${spec.label} failed: ${error.message}`, true);
    } else {
      say(`${spec.label} failed: ${error.message}`, true);
    }
  } finally {
    await load();
  }
}

function say(text, isError = false) {
  result.textContent = text;
  result.classList.toggle('error', isError);
  result.hidden = false;
}

/** Opens the command dialog and resolves with the entered fields, or null when the person goes back. */
function ask(spec) {
  const dialog = document.getElementById('command-dialog');
  const form = document.getElementById('command-form');
  const error = document.getElementById('command-error');
  document.getElementById('command-dialog-title').textContent = spec.label;
  document.getElementById('command-confirm').textContent = spec.label;
  error.hidden = true;
  document.getElementById('command-fields').replaceChildren(...spec.fields.map((f) => {
    const inputId = `field-${f.name}`;
    let input;
    if (f.kind === 'textarea') input = el('textarea', { id: inputId, name: f.name, rows: 3, required: f.required });
    else if (f.kind === 'select') input = el('select', { id: inputId, name: f.name }, f.options.map((o) => el('option', { value: o }, [humanize(o)])));
    else input = el('input', { id: inputId, name: f.name, type: f.kind === 'number' ? 'number' : 'text', min: f.kind === 'number' ? 1 : null, required: f.required, placeholder: f.placeholder });
    return el('p', { class: 'field' }, [el('label', { for: inputId }, [f.label]), input]);
  }));
  return new Promise((resolve) => {
    const done = (value) => {
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('close', onClose);
      document.getElementById('command-cancel').removeEventListener('click', onCancel);
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const values = {};
      for (const f of spec.fields) {
        const raw = form.elements[f.name].value.trim();
        if (raw === '') continue;
        values[f.name] = f.kind === 'number' ? Number(raw) : raw;
      }
      dialog.close();
      done(values);
    };
    const onCancel = () => dialog.close();
    const onClose = () => done(null);
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('close', onClose);
    document.getElementById('command-cancel').addEventListener('click', onCancel);
    dialog.showModal();
  });
}

startTicking();
showWhoAmI(document.getElementById('whoami'));
load().then(() => connectLive({
  status: document.getElementById('live-status'),
  onChange: (change) => { if (!change.id || change.id === id) load(); },
  onResync: load,
}));
