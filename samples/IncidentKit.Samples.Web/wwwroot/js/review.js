// The incident page's post-incident review, once the incident has been resolved: what the history shows (impact window,
// durations, SLA outcomes, escalation) as the API regenerates it in the browser's zone, a form for what the authors
// write, and the review's action items.
//
// Concurrency: every save carries the ETag the page read (If-Match). The page remembers the authored text that ETag
// stood for, so when the review moves on (someone else saved, or an action item was added) it re-reads it and keeps the
// person's unsaved text only while the stored text is still the one they started from. When someone else changed the
// text, the form shows theirs and the person's own words stay on screen to copy or put back: never a silent overwrite.
import {
  review as readReview, saveReview, addActionItem, updateActionItem, reviewMarkdownUrl, browserZone, durationMs, ApiError,
} from './api.js';
import { el, humanize, stateKey } from './ui.js';
import { formatDuration } from './sla.js';
import { ITEM_STATUSES, dueText, isOverdue, itemStatusKey, overdueMark } from './actionitems.js';

const zone = browserZone();

/** What the authors write; "lines" are lists edited one entry per line. */
const TEXT_FIELDS = [
  { name: 'summary', label: 'Summary', kind: 'textarea', hint: 'What happened and whom it affected. Left empty, the review states what the history shows.' },
  { name: 'rootCause', label: 'Root cause', kind: 'textarea', hint: 'Left empty, the confirmed root cause of the diagnosis is used.' },
  { name: 'contributingFactors', label: 'Contributing factors', kind: 'lines', hint: 'One per line.' },
  { name: 'wentWell', label: 'What went well', kind: 'lines', hint: 'One per line.' },
  { name: 'wentBadly', label: 'What went badly', kind: 'lines', hint: 'One per line.' },
  { name: 'status', label: 'Status', kind: 'select', options: [['draft', 'Draft: still being written'], ['published', 'Published: final']] },
];

const ITEM_FIELDS = [
  { name: 'title', label: 'What is to be done', kind: 'text' },
  { name: 'dueOn', label: 'Due on', kind: 'date', hint: 'A date, or a number of business days.' },
  { name: 'businessDays', label: 'Due in business days', kind: 'number', hint: 'Counted from now on the review calendar.' },
  { name: 'owner', label: 'Owner (user id)', kind: 'text' },
  { name: 'ticket', label: 'Ticket link (optional)', kind: 'url', hint: 'The item in your tracker: https://…' },
];

let incidentId = null;
/** The review as last read: { body, etag, authored } (authored: the text that ETag stands for); null when none exists. */
let current = null;
let started = false;
let queue = Promise.resolve();
/** Idempotency keys of submissions that got no answer, so resending the same form does not add it twice. */
const pendingKeys = new Map();

/**
 * Shows the review section once the incident has been resolved (now or before, so a reopened incident keeps its
 * review), and re-reads the review when the incident changed; called whenever the incident page renders.
 */
export function showReview(id, incident, events) {
  const resolvedOnce = ['resolved', 'closed'].includes(stateKey(incident.state)) || events.some((e) => e.type === 'resolved');
  if (!resolvedOnce) return;
  incidentId = id;
  if (!started) {
    started = true;
    build();
    document.getElementById('review').hidden = false;
    serially(() => reload()).then(() => {
      if (location.hash === '#review') document.getElementById('review').scrollIntoView();
    });
  } else if (current) {
    // The history part follows the incident; the form keeps what the person is typing (see reload).
    serially(() => reload());
  }
}

/** Runs one review operation after the previous one, so an answer never lands on a page a later one already changed. */
function serially(task) {
  queue = queue.then(task, task).catch(() => {});
  return queue;
}

function build() {
  const form = document.getElementById('review-form');
  form.querySelector('.fields').replaceChildren(...TEXT_FIELDS.map((f) => field('review', f)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    serially(save);
  });
  const items = document.getElementById('item-form');
  items.querySelector('.fields').replaceChildren(...ITEM_FIELDS.map((f) => field('item', f)));
  items.addEventListener('submit', (event) => {
    event.preventDefault();
    serially(addItem);
  });
  document.getElementById('review-restore').addEventListener('click', restoreMine);
}

/** Creates a labelled input with its hint and an (initially hidden) error, both tied to it by aria-describedby. */
function field(prefix, f) {
  const inputId = `${prefix}-${f.name}`;
  const described = [f.hint ? `${inputId}-hint` : null, `${inputId}-error`].filter(Boolean).join(' ');
  let input;
  if (f.kind === 'textarea' || f.kind === 'lines') {
    input = el('textarea', { id: inputId, name: f.name, rows: f.kind === 'lines' ? 3 : 4, 'aria-describedby': described });
  } else if (f.kind === 'select') {
    input = el('select', { id: inputId, name: f.name, 'aria-describedby': described }, f.options.map(([value, words]) => el('option', { value }, [words])));
  } else {
    input = el('input', {
      id: inputId, name: f.name, type: f.kind, 'aria-describedby': described,
      min: f.kind === 'number' ? 1 : null, step: f.kind === 'number' ? 1 : null, autocomplete: 'off',
    });
  }
  return el('p', { class: 'field', 'data-field': f.name }, [
    el('label', { for: inputId }, [f.label]),
    input,
    f.hint ? el('span', { id: `${inputId}-hint`, class: 'hint' }, [f.hint]) : '',
    el('span', { id: `${inputId}-error`, class: 'error field-error', hidden: true }),
  ]);
}

/** Returns the authored part of a review as the form edits it. */
function authoredOf(body) {
  return {
    summary: body?.authoredSummary ?? '',
    rootCause: body?.authoredRootCause ?? '',
    contributingFactors: (body?.contributingFactors ?? []).join('\n'),
    wentWell: (body?.wentWell ?? []).join('\n'),
    wentBadly: (body?.wentBadly ?? []).join('\n'),
    status: String(body?.status ?? 'draft').toLowerCase(),
  };
}

function formValues() {
  const form = document.getElementById('review-form');
  return Object.fromEntries(TEXT_FIELDS.map((f) => [f.name, form.elements[f.name].value]));
}

function fillForm(values) {
  const form = document.getElementById('review-form');
  for (const f of TEXT_FIELDS) form.elements[f.name].value = values[f.name];
}

function same(a, b) {
  return TEXT_FIELDS.every((f) => normalise(a[f.name]) === normalise(b[f.name]));
}

function normalise(text) {
  return String(text ?? '').split('\n').map((line) => line.trim()).filter(Boolean).join('\n');
}

/**
 * Re-reads the review and adopts its ETag. The form keeps the person's unsaved text while the stored text is still the
 * one they started from (then saving with the new ETag overwrites nobody); when both changed, the form shows the stored
 * text and the person's own moves beside it. Returns "conflict", "kept" (unsaved text kept) or "refreshed".
 */
async function reload() {
  let answer;
  try {
    answer = await readReview(incidentId, zone);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      current = null;
      render(null);
    } else if (!(error instanceof ApiError && error.status === 401)) {
      say(`Could not load the review: ${error.message}`, true);
    }
    return 'refreshed';
  }
  const authored = authoredOf(answer.body);
  const baseline = current?.authored ?? authoredOf(null);
  const typed = formValues();
  const dirty = !same(typed, baseline);
  let outcome = 'refreshed';
  if (dirty && !same(authored, baseline)) {
    showConflict(typed);
    fillForm(authored);
    outcome = 'conflict';
    say('Someone else saved this review meanwhile. The form now shows their version; your text is kept below to copy or put back.', true);
  } else if (dirty) {
    outcome = 'kept';
  } else {
    fillForm(authored);
  }
  current = { body: answer.body, etag: answer.etag, authored };
  render(answer.body);
  return outcome;
}

function render(body) {
  const generated = document.getElementById('review-generated');
  const itemForm = document.getElementById('item-form');
  const message = document.getElementById('review-message');
  document.getElementById('review-save').textContent = body ? 'Save review' : 'Start the review';
  if (!body) {
    generated.hidden = true;
    message.textContent = 'No review yet. Write what you know and start it; the review then shows what the incident\u2019s history says (impact, durations, SLA outcomes, escalation).';
    message.hidden = false;
    document.getElementById('review-state').replaceChildren();
    itemForm.querySelector('fieldset').disabled = true;
    document.getElementById('items-hint').textContent = 'Action items can be added once the review is started.';
    document.getElementById('review-items').replaceChildren();
    return;
  }
  message.hidden = true;
  generated.hidden = false;
  itemForm.querySelector('fieldset').disabled = false;
  const now = Date.parse(body.generatedAt);
  document.getElementById('review-state').replaceChildren(statusBadge(body.status));
  document.getElementById('review-facts').replaceChildren(...facts(body, now).flatMap(([k, v]) => [el('dt', {}, [k]), el('dd', {}, [v])]));
  document.getElementById('review-sla').replaceChildren(...(body.slaOutcomes?.length
    ? body.slaOutcomes.map(slaOutcome)
    : [el('li', { class: 'hint' }, ['No SLA target was decided for this incident.'])]));
  document.getElementById('review-escalation').replaceChildren(...(body.escalation?.length
    ? body.escalation.map(escalationStep)
    : [el('li', { class: 'hint' }, ['Nobody was paged.'])]));
  const markdown = document.getElementById('review-markdown');
  markdown.href = reviewMarkdownUrl(incidentId, zone);
  markdown.setAttribute('download', `review-${incidentId}.md`);

  const items = body.actionItems ?? [];
  document.getElementById('items-hint').textContent = items.length
    ? 'Change an item\u2019s status to record progress.'
    : 'No action items yet.';
  document.getElementById('review-items').replaceChildren(...items.map((item) => actionItem(item, now)));
}

function statusBadge(status) {
  const published = String(status).toLowerCase() === 'published';
  return el('span', { class: `state-badge review-${published ? 'published' : 'draft'}`, 'data-status': published ? 'published' : 'draft' }, [
    el('span', { 'aria-hidden': 'true' }, [published ? '✔' : '✎']), published ? ' Published' : ' Draft',
  ]);
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function span(text) {
  const ms = durationMs(text);
  return ms == null ? null : formatDuration(ms);
}

function facts(body, now) {
  const impact = body.impact ?? {};
  const from = impact.startsWith === 'FirstAlert' ? 'from the first alert' : 'from the opening';
  const window = `${when(impact.start)} – ${impact.end ? when(impact.end) : 'not over'}${impact.length ? ` (${span(impact.length)})` : ''}, ${from}`;
  const d = body.durations ?? {};
  const rows = [
    ['Impact window', window],
    ['Time to detect', span(d.detection)], ['Time to acknowledge', span(d.acknowledge)],
    ['Time to mitigate', span(d.mitigation)], ['Time to resolve', span(d.resolution)],
    ['Acknowledged by', (body.acknowledgedBy ?? []).join(', ') || null],
    ['Mitigated at', body.mitigatedAt ? when(body.mitigatedAt) : null],
    ['Review owner', body.owner ?? null],
  ];
  if (body.dueAt) {
    const late = String(body.status).toLowerCase() === 'draft' && Date.parse(body.dueAt) <= now;
    rows.push(['Review due', late ? el('span', {}, [overdueMark(), ` ${when(body.dueAt)}`]) : when(body.dueAt)]);
  }
  rows.push(['Times shown in', body.timeZone]);
  return rows.filter(([, v]) => v != null && v !== '');
}

const OUTCOMES = { met: ['✔', 'met'], breached: ['✖', 'breached'], pending: ['◔', 'still open'] };

function slaOutcome(o) {
  const key = String(o.outcome).toLowerCase();
  const [icon, words] = OUTCOMES[key] ?? ['•', humanize(o.outcome)];
  const details = [
    o.cycle > 1 ? `cycle ${o.cycle}` : null,
    o.dueAt ? `due ${when(o.dueAt)}` : null,
    o.decidedAt ? `${key === 'breached' ? 'breached' : 'decided'} ${when(o.decidedAt)}` : null,
    o.highestWarning > 0 ? `warned at ${o.highestWarning} %` : null,
  ].filter(Boolean).join(' · ');
  return el('li', { class: 'outcome', 'data-outcome': key }, [
    el('span', { class: 'outcome-icon', 'aria-hidden': 'true' }, [icon]),
    el('strong', {}, [`${humanize(o.target)} ${words}`]),
    details ? el('span', { class: 'hint' }, [` · ${details}`]) : '',
  ]);
}

/** Describes one escalation step: "Functional escalation, level 1, round 1 · paged grace" (a manual one names its target group). */
function escalationStep(s) {
  const what = [`${humanize(s.kind)} escalation`, s.level != null ? `level ${s.level}` : null, s.round != null ? `round ${s.round}` : null]
    .filter(Boolean).join(', ');
  const who = s.paged?.length ? `paged ${s.paged.join(', ')}` : s.targets?.length ? `to ${s.targets.join(', ')}` : 'nobody paged';
  return el('li', {}, [
    el('time', { datetime: s.at }, [when(s.at)]),
    ` · ${what} · ${who}`,
    s.note ? el('span', { class: 'hint' }, [` · ${s.note}`]) : '',
  ]);
}

function actionItem(item, now) {
  const overdue = isOverdue(item, now);
  const key = itemStatusKey(item.status);
  const selectId = `item-status-${item.id}`;
  const select = el('select', { id: selectId, 'data-item': item.id },
    ITEM_STATUSES.map(([value, words]) => el('option', { value, selected: value === key }, [words])));
  select.addEventListener('change', () => serially(() => changeStatus(item, select)));
  return el('li', { class: `action-item${overdue ? ' is-overdue' : ''}`, 'data-id': item.id, 'data-status': key, 'data-overdue': String(overdue) }, [
    el('p', { class: 'action-item-title' }, [item.title]),
    el('p', { class: 'meta' }, [
      overdue ? overdueMark() : '',
      dueText(item),
      el('span', { class: 'person-inline' }, [el('span', { class: 'visually-hidden' }, ['Owner: ']), item.owner]),
      item.ticket ? el('a', { href: item.ticket, rel: 'noopener noreferrer', target: '_blank' }, ['Ticket', el('span', { class: 'visually-hidden' }, [' (opens a new tab)'])]) : '',
    ]),
    el('p', { class: 'item-status' }, [
      el('label', { for: selectId }, ['Status', el('span', { class: 'visually-hidden' }, [` of ${item.title}`])]),
      select,
    ]),
  ]);
}

/** Reads the form, drops empty lines, and PUTs it with the ETag read (or "0" to start a review nobody else started). */
async function save() {
  const form = document.getElementById('review-form');
  const button = document.getElementById('review-save');
  clearErrors(form);
  const values = formValues();
  const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);
  const body = {
    summary: values.summary.trim() || null,
    rootCause: values.rootCause.trim() || null,
    contributingFactors: lines(values.contributingFactors),
    wentWell: lines(values.wentWell),
    wentBadly: lines(values.wentBadly),
    status: values.status,
    // Sent back as read: a PUT replaces the authored part, and the form does not edit the mitigation instant.
    mitigatedAt: current?.body?.mitigatedAt ?? null,
  };
  button.disabled = true;
  try {
    const answer = await saveReview(incidentId, body, current?.etag ?? '"0"', zone);
    const authored = authoredOf(answer.body);
    current = { body: answer.body, etag: answer.etag, authored };
    fillForm(authored);
    hideConflict();
    render(answer.body);
    say(answer.status === 201 ? 'Review started and saved.' : 'Review saved.');
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      const outcome = await reload();
      say(outcome === 'conflict'
        ? 'Not saved: someone else saved this review after you opened it. The form now shows their version; your text is kept below to copy or put back.'
        : 'Not saved: the review changed after you opened it. The page now shows the latest; check your text and save again.', true);
    } else if (!(error instanceof ApiError && error.status === 401)) {
      showErrors(form, error, 'The review was not saved');
    }
  } finally {
    button.disabled = false;
  }
}

async function addItem() {
  const form = document.getElementById('item-form');
  const result = document.getElementById('item-result');
  clearErrors(form);
  result.hidden = true;
  const value = (name) => form.elements[name].value.trim();
  const body = { title: value('title'), owner: value('owner') || null };
  if (value('dueOn')) body.dueOn = value('dueOn');
  if (value('businessDays')) body.businessDays = Number(value('businessDays'));
  if (value('ticket')) body.ticket = value('ticket');
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const answer = await submit('add-item', body, (key) => addActionItem(incidentId, body, key));
    form.reset();
    await reload();
    result.textContent = `Added “${answer.body.title}”, due ${answer.body.dueOn}.`;
    result.classList.remove('error');
    result.hidden = false;
    form.elements.title.focus();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showErrors(form, error, 'The action item was not added');
  } finally {
    button.disabled = false;
  }
}

async function changeStatus(item, select) {
  const status = select.value;
  const result = document.getElementById('item-result');
  select.disabled = true;
  try {
    const answer = await submit(`item-${item.id}`, { status },
      (key) => updateActionItem(incidentId, item.id, { status }, current?.etag, key));
    await reload();
    result.textContent = `“${item.title}” is now ${ITEM_STATUSES.find(([k]) => k === status)?.[1].toLowerCase() ?? status}.`;
    result.classList.remove('error');
  } catch (error) {
    select.value = itemStatusKey(item.status);
    if (error instanceof ApiError && error.status === 412) {
      result.textContent = 'The review changed since you read it; the page now shows the latest. Change the status again if still needed.';
      await reload();
    } else if (!(error instanceof ApiError && error.status === 401)) {
      result.textContent = `The status was not changed: ${error.message}`;
    }
    result.classList.add('error');
  } finally {
    select.disabled = false;
    result.hidden = false;
  }
}

/**
 * Sends a POST or PATCH with an Idempotency-Key. A submission that got no answer (the network failed) keeps its key,
 * so sending the same form again cannot add the item twice; any answer, success or problem, retires the key.
 */
async function submit(name, body, send) {
  const fingerprint = JSON.stringify(body);
  const pending = pendingKeys.get(name);
  const key = pending?.fingerprint === fingerprint ? pending.key : crypto.randomUUID();
  pendingKeys.set(name, { fingerprint, key });
  try {
    const answer = await send(key);
    pendingKeys.delete(name);
    return answer;
  } catch (error) {
    if (error instanceof ApiError) pendingKeys.delete(name);
    throw error;
  }
}

/** Puts a problem's field errors next to their fields ("contributingFactors[0]" → the contributing factors box). */
function showErrors(form, error, what) {
  const problem = error instanceof ApiError ? error.problem : {};
  const errors = problem.errors ?? (problem.field ? { [problem.field]: [error.message] } : {});
  let first = null;
  const unplaced = [];
  for (const [path, messages] of Object.entries(errors)) {
    const name = path.split(/[.[]/)[0];
    const wrapper = form.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
    const text = [].concat(messages).join(' ');
    if (!wrapper) {
      unplaced.push(text);
      continue;
    }
    const input = form.elements[name];
    input.setAttribute('aria-invalid', 'true');
    const slot = wrapper.querySelector('.field-error');
    slot.textContent = text;
    slot.hidden = false;
    first ??= input;
  }
  const formError = form.querySelector('.form-error');
  if (!first || unplaced.length) {
    formError.textContent = `${what}: ${unplaced.join(' ') || error.message}`;
    formError.hidden = false;
  } else {
    formError.textContent = `${what}: check the marked field${Object.keys(errors).length > 1 ? 's' : ''}.`;
    formError.hidden = false;
  }
  first?.focus();
}

function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error, .form-error')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

let mine = null;

/** Shows the person's unsaved text beside the form when someone else's text replaced it there. */
function showConflict(values) {
  mine = values;
  const box = document.getElementById('review-conflict');
  const rows = TEXT_FIELDS.filter((f) => normalise(values[f.name]) !== '' && f.kind !== 'select')
    .flatMap((f) => [el('dt', {}, [f.label]), el('dd', {}, [values[f.name]])]);
  box.querySelector('dl').replaceChildren(...rows);
  box.hidden = false;
}

function hideConflict() {
  mine = null;
  document.getElementById('review-conflict').hidden = true;
}

/** Puts the person's own text back into the form, on top of the latest version: saving it then replaces theirs knowingly. */
function restoreMine() {
  if (mine) fillForm(mine);
  hideConflict();
  say('Your text is back in the form. Saving now replaces the other version.');
  document.getElementById('review-summary').focus();
}

function say(text, isError = false) {
  const result = document.getElementById('review-result');
  result.textContent = text;
  result.classList.toggle('error', isError);
  result.hidden = false;
}
