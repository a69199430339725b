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

let leaving = false;

/** Sends the person to the sign-in form, remembering the page they were on (once, however many calls failed). */
export function goToSignIn() {
  if (leaving) return;
  leaving = true;
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

/** Reads the open incidents with their SLA clocks, following continuation tokens (at most 500 incidents). */
export async function openIncidents(pageSize = 100) {
  const items = [];
  let token = null;
  do {
    const query = `pageSize=${pageSize}&include=sla${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
    const { body } = await api(`/api/incidents?${query}`);
    items.push(...body.items.map(normalizeIncident));
    token = body.continuationToken;
  } while (token && items.length < 500);
  return { items };
}

/** Reads one incident with its SLA clocks and the commands permitted now. */
export async function incident(id, signal) {
  const { body, etag } = await api(`/api/incidents/${encodeURIComponent(id)}`, { signal });
  return { ...normalizeIncident(body), etag: etag ?? `"${body.version}"` };
}

/** Reads an incident's timeline, oldest event first. */
export async function timeline(id, signal) {
  const { body } = await api(`/api/incidents/${encodeURIComponent(id)}/timeline`, { signal });
  return body.events.map((e) => ({ type: e.type, at: e.at, actor: e.actor, sequence: e.sequence, raw: e.event }));
}

/** Reads who is on call now on each schedule. */
export async function onCall() {
  const { body } = await api('/api/oncall');
  return body.schedules;
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

/** Returns the browser's IANA time zone (e.g. "Europe/Berlin"), or null when the browser does not say. */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

function zoneQuery(zone) {
  return zone ? `?zone=${encodeURIComponent(zone)}` : '';
}

/** Reads an incident's post-incident review ({ body, etag }), regenerated from its history with times in the zone; 404 when none was started. */
export async function review(id, zone, signal) {
  return api(`/api/incidents/${encodeURIComponent(id)}/review${zoneQuery(zone)}`, { signal });
}

/** Returns the address of a review's Markdown export (read with the session cookie, like every page request). */
export function reviewMarkdownUrl(id, zone) {
  return `/api/incidents/${encodeURIComponent(id)}/review/markdown${zoneQuery(zone)}`;
}

/** Saves what the review's authors wrote, with the ETag the page read (412 when someone saved in between). */
export async function saveReview(id, fields, etag, zone) {
  return api(`/api/incidents/${encodeURIComponent(id)}/review${zoneQuery(zone)}`, { method: 'PUT', body: fields, ifMatch: etag ?? undefined });
}

/** Adds an action item to an incident's review; the Idempotency-Key makes a retried submission add it once. */
export async function addActionItem(id, fields, idempotencyKey) {
  return api(`/api/incidents/${encodeURIComponent(id)}/review/action-items`, { method: 'POST', body: fields, idempotencyKey });
}

/** Changes an action item (status, owner, due date, ticket) under the review's ETag. */
export async function updateActionItem(id, itemId, fields, etag, idempotencyKey) {
  return api(`/api/incidents/${encodeURIComponent(id)}/review/action-items/${encodeURIComponent(itemId)}`, {
    method: 'PATCH', body: fields, ifMatch: etag ?? undefined, idempotencyKey,
  });
}

/** Reads the caller's tenant's pending action items, earliest due first. */
export async function pendingActionItems(max = 20) {
  const { body } = await api(`/api/action-items?max=${max}`);
  return body.items;
}

/**
 * Maps an incident (a list item or the full resource) to what the pages use. asOf is the server's clock when it read
 * the SLA clocks; the bars count on from it, so a skewed browser clock does not move them.
 */
export function normalizeIncident(raw) {
  const asOf = raw.sla?.asOf ? Date.parse(raw.sla.asOf) : Date.now();
  return {
    asOf,
    id: String(raw.id),
    title: raw.title,
    state: raw.state,
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
    permitted: (raw.permittedCommands ?? []).map(commandSlug).filter(Boolean),
    clocks: clocksOf(raw.sla),
    escalation: raw.escalation ?? null,
  };
}

function clocksOf(sla) {
  if (!sla) return [];
  return ['response', 'resolution', 'update'].filter((kind) => sla[kind]).map((kind) => {
    const c = sla[kind];
    return {
      kind,
      status: String(c.status),
      targetMs: durationMs(c.target),
      elapsedMs: durationMs(c.elapsed),
      remainingMs: durationMs(c.remaining),
      dueAt: c.dueAt ? Date.parse(c.dueAt) : null,
      // The policy's first warning threshold (50 % by default) turns a bar amber.
      warnings: [50, 75, 90],
    };
  });
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
  resolve: 'resolve', close: 'close', reopen: 'reopen', cancel: 'cancel', verify: 'verify',
};

/** Maps a permitted command as the API names it (its route, e.g. "status-update") to the page's key, or null when the page has no button for it. */
export function commandSlug(name) {
  return SLUGS[String(name).toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}

/** Parses NodaTime's round-trip duration text ("0:01:30:00", "-1:02:03:04.5") into milliseconds; null when absent. */
export function durationMs(value) {
  if (value == null) return null;
  const m = /^(-)?(\d+):(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (!m) return null;
  const [, neg, d, h, min, sec] = m;
  const ms = (((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(sec)) * 1000;
  return neg ? -ms : ms;
}

/** Shows who is signed in (user and tenant) in the element, or leaves it hidden. */
export async function showWhoAmI(element) {
  try {
    const { body } = await api('/api/me');
    element.textContent = `${body.user} · ${body.tenant}`;
    element.title = `Signed in as ${body.user} (${(body.roles ?? []).join(', ')}) in tenant ${body.tenant}`;
    element.hidden = false;
  } catch {
    // The pages work without it.
  }
}
