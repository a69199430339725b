// The dashboard's period report: two dates in the browser's zone (the last 90 days unless changed) turned into the
// report's instants. The links are plain same-site addresses: the session cookie authenticates them like every request
// of the pages, so no key or token ever goes into a URL, and the report opens as the self-contained page the API serves.
import { browserZone } from './api.js';

const MAX_DAYS = 366;

/** Returns a local calendar date ("2026-03-09") for a Date, in the browser's zone. */
export function localDate(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Returns the default period, the last 90 days including today: { from, to } as local calendar dates. */
export function defaultPeriod(today = new Date()) {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 89);
  return { from: localDate(from), to: localDate(today) };
}

/** Returns the instant a local calendar date starts in the browser's zone, as ISO-8601 UTC without fractions. */
function startOf(isoDate, plusDays = 0) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Returns the report's addresses for a period of local dates (both included), or { error } naming what is wrong.
 * @param {{from: string, to: string, zone?: string|null, granularity?: string}} period
 */
export function reportUrls({ from, to, zone = browserZone(), granularity = 'week' }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from ?? '')) return { error: 'Choose the first day of the period.', field: 'from' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to ?? '')) return { error: 'Choose the last day of the period.', field: 'to' };
  if (to < from) return { error: 'The last day comes before the first; swap them.', field: 'to' };
  const start = startOf(from);
  const end = startOf(to, 1);
  if ((Date.parse(end) - Date.parse(start)) / 86400000 > MAX_DAYS) {
    return { error: `A report covers at most ${MAX_DAYS} days; shorten the period.`, field: 'to' };
  }
  const query = new URLSearchParams({ from: start, to: end });
  if (zone) query.set('zone', zone);
  const csv = `/api/reports/incidents.csv?${query}`;
  if (granularity && granularity !== 'week') query.set('granularity', granularity);
  return { html: `/api/reports/incidents.html?${query}`, csv };
}

/** Wires the report form: fills the default period, keeps both links in step with it, and opens the report on submit. */
export function setUpReports(form) {
  const fromInput = form.elements.from;
  const toInput = form.elements.to;
  const granularity = form.elements.granularity;
  const html = form.querySelector('#report-html');
  const csv = form.querySelector('#report-csv');
  const error = form.querySelector('#report-error');
  const zone = browserZone();
  const period = defaultPeriod();
  fromInput.value = period.from;
  toInput.value = period.to;
  form.querySelector('#report-zone').textContent = zone ?? 'UTC';

  const refresh = () => {
    const urls = reportUrls({ from: fromInput.value, to: toInput.value, zone, granularity: granularity.value });
    for (const input of [fromInput, toInput]) {
      if (urls.error && urls.field === input.name) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    error.hidden = !urls.error;
    error.textContent = urls.error ?? '';
    // Without a valid period the links have no address: they are then neither followed nor announced as links.
    for (const [link, href] of [[html, urls.html], [csv, urls.csv]]) {
      if (href) {
        link.href = href;
        link.removeAttribute('aria-disabled');
      } else {
        link.removeAttribute('href');
        link.setAttribute('aria-disabled', 'true');
      }
    }
    return urls;
  };
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const urls = refresh();
    if (urls.html) location.assign(urls.html);
    else form.elements[urls.field]?.focus();
  });
  refresh();
}
