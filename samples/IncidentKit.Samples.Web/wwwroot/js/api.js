// The HTTP API as the pages use it: JSON in and out, the session cookie for authentication, problem details for errors.
// A 401 sends the person to the sign-in form and back to this page afterwards; the API key itself never touches a URL.

/** An API answer that was not a success, with its problem details (RFC 9457) when the server sent them. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** Returns a same-site path to go back to after signing in, or '/' for anything else (no open redirects). */
export function safeReturnUrl(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

/** Sends the person to the sign-in form, remembering the page they were on. */
export function goToSignIn() {
  const here = location.pathname + location.search;
  location.assign('/signin.html?returnUrl=' + encodeURIComponent(here));
}

/**
 * Calls the API and returns { body, etag, status }.
 * @param {string} path  a path under /api
 * @param {{method?: string, body?: unknown, ifMatch?: string, idempotencyKey?: string, signal?: AbortSignal}} options
 */
export async function api(path, { method = 'GET', body, ifMatch, idempotencyKey, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  const signedOut = response.status === 401
    || (response.redirected && new URL(response.url).pathname.startsWith('/signin'));
  if (signedOut) {
    goToSignIn();
    throw new ApiError(401, { title: 'Signed out' });
  }
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return { body: payload, etag: response.headers.get('ETag'), status: response.status };
}

/** Reads the first page of open incidents, most pressing first. */
export async function openIncidents(pageSize = 100) {
  const { body } = await api(`/api/incidents?pageSize=${pageSize}&include=sla`);
  const fallback = serverNow(body);
  return { items: itemsOf(body).map((raw) => ({ asOf: fallback, ...normalizeIncident(raw) })) };
}

/** Reads one incident with its SLA clocks and the commands permitted now. */
export async function incident(id, signal) {
  const { body, etag } = await api(`/api/incidents/${encodeURIComponent(id)}`, { signal });
  return { asOf: serverNow(body), ...normalizeIncident(body), etag: etag ?? (body.version != null ? `"${body.version}"` : null) };
}

/** Reads an incident's timeline, oldest event first. */
export async function timeline(id, signal) {
  const { body } = await api(`/api/incidents/${encodeURIComponent(id)}/timeline`, { signal });
  return itemsOf(body).map(normalizeEvent);
}

/** Reads who is on call now on each schedule. */
export async function onCall() {
  const { body } = await api('/api/oncall');
  return itemsOf(body);
}

/** Sends a command (acknowledge, resolve, …) with the version the page showed, so a stale page gets 412, not a surprise. */
export async function command(id, slug, fields, etag) {
  return api(`/api/incidents/${encodeURIComponent(id)}/${slug}`, {
    method: 'POST',
    body: fields ?? {},
    ifMatch: etag ?? undefined,
    idempotencyKey: crypto.randomUUID(),
  });
}

function itemsOf(body) {
  if (Array.isArray(body)) return body;
  return body?.items ?? body?.incidents ?? body?.events ?? body?.schedules ?? [];
}

function serverNow(body) {
  const text = body?.asOf ?? body?.now ?? body?.sla?.asOf;
  const at = text ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? Date.now() : at;
}

/** Maps an incident from the wire to what the pages use; tolerant of a summary or the full resource. */
export function normalizeIncident(raw) {
  const sla = raw.sla ?? raw.slaClocks ?? null;
  const slaAsOf = sla?.asOf ? Date.parse(sla.asOf) : NaN;
  return {
    ...(Number.isNaN(slaAsOf) ? {} : { asOf: slaAsOf }),
    id: String(raw.id),
    title: raw.title ?? '(untitled)',
    state: raw.state ?? raw.status ?? 'New',
    priority: priorityLevel(raw.priority),
    impact: raw.impact ?? null,
    urgency: raw.urgency ?? null,
    service: raw.service ?? null,
    category: raw.category ?? null,
    assignee: raw.assignee ?? null,
    assignmentGroup: raw.assignmentGroup ?? null,
    openedAt: raw.openedAt ?? null,
    lastChangedAt: raw.lastChangedAt ?? null,
    version: raw.version ?? null,
    description: raw.description ?? null,
    permitted: (raw.permittedCommands ?? raw.commands ?? []).map(commandSlug).filter(Boolean),
    clocks: clocksOf(sla),
    escalation: raw.escalation ?? null,
  };
}

function clocksOf(sla) {
  if (!sla) return [];
  const list = Array.isArray(sla) ? sla : ['response', 'resolution', 'update'].map((k) => sla[k] && { kind: k, ...sla[k] });
  return list.filter(Boolean).map((c) => ({
    kind: String(c.kind ?? c.target ?? '').toLowerCase(),
    status: String(c.status ?? 'NotApplicable'),
    targetMs: durationMs(c.target ?? c.targetDuration),
    elapsedMs: durationMs(c.elapsed),
    remainingMs: durationMs(c.remaining),
    dueAt: c.dueAt ? Date.parse(c.dueAt) : null,
    // The policy's first warning threshold (50 % by default) turns a bar amber.
    warnings: Array.isArray(c.warnings) && c.warnings.length ? c.warnings : [50, 75, 90],
  }));
}

function normalizeEvent(raw) {
  return {
    type: raw.type ?? raw.kind ?? raw.$type ?? 'Event',
    at: raw.at ?? raw.occurredAt ?? raw.timestamp ?? null,
    actor: raw.actor ?? raw.by ?? null,
    sequence: raw.sequence ?? null,
    raw: raw.event ?? raw,
  };
}

/** Returns a priority level (1 for P1) from 1, "1", "P1" or { level: 1 }. */
export function priorityLevel(value) {
  if (value && typeof value === 'object') return Number(value.level);
  const n = parseInt(String(value ?? '').replace(/^p/i, ''), 10);
  return Number.isNaN(n) ? 99 : n;
}

const SLUGS = {
  acknowledge: 'acknowledge', startwork: 'start', start: 'start', putonhold: 'hold', hold: 'hold', resume: 'resume',
  assign: 'assign', addworknote: 'note', note: 'note', recorddiagnosis: 'diagnose', diagnose: 'diagnose',
  poststatusupdate: 'status-update', statusupdate: 'status-update', changepriority: 'priority', priority: 'priority',
  resolve: 'resolve', close: 'close', reopen: 'reopen', cancel: 'cancel',
};

/** Maps a command as the API names it (AddWorkNote, add-work-note, note) to its URL segment, or null when the page has no button for it. */
export function commandSlug(name) {
  return SLUGS[String(name).toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}

/** Parses an ISO-8601 duration (PT1H30M, P1DT2H) or NodaTime's d:hh:mm:ss text into milliseconds; null when absent. */
export function durationMs(value) {
  if (value == null) return null;
  if (typeof value === 'number') return value * 1000;
  const iso = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value);
  if (iso) {
    const [, neg, d, h, m, s] = iso;
    const ms = (((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
    return neg ? -ms : ms;
  }
  const noda = /^(-)?(?:(\d+):)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value);
  if (noda) {
    const [, neg, d, h, m, s] = noda;
    const ms = (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    return neg ? -ms : ms;
  }
  return null;
}
