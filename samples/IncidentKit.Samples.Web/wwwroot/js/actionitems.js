// Action items of post-incident reviews as the pages show them: the status in words with an icon, the due date as the
// calendar date it is (never shifted by the browser's zone), and "Overdue" in words, never colour alone.
import { el } from './ui.js';

/** The statuses an action item can take, as the API names them, with the words the pages show. */
export const ITEM_STATUSES = [['open', 'Open'], ['in-progress', 'In progress'], ['done', 'Done'], ['cancelled', 'Cancelled']];
const ICONS = { open: '○', 'in-progress': '▶', done: '✔', cancelled: '⊘' };

/** Returns a status as the API's request words: "in-progress" (the API), and "InProgress" (reviews saved before it spoke kebab-case) → "in-progress". */
export function itemStatusKey(status) {
  const key = String(status ?? '').toLowerCase().replace(/[^a-z]/g, '');
  return key === 'inprogress' ? 'in-progress' : key;
}

/** Returns whether an item still needs doing (open or in progress). */
export function isPending(item) {
  return item.isPending ?? ['open', 'in-progress'].includes(itemStatusKey(item.status));
}

/**
 * Returns whether an item is past due. The action-item list says so itself ("overdue"); for the review's JSON, which
 * does not, a pending item is overdue once its dueAt is before `now` (pass the server's generatedAt, not the browser clock).
 */
export function isOverdue(item, now) {
  if (typeof item.overdue === 'boolean') return item.overdue;
  return isPending(item) && item.dueAt != null && Date.parse(item.dueAt) <= now;
}

/** Returns a badge for an item's status, with an icon and words. */
export function itemStatusBadge(status) {
  const key = itemStatusKey(status);
  const words = ITEM_STATUSES.find(([k]) => k === key)?.[1] ?? String(status);
  return el('span', { class: `state-badge item-${key}`, 'data-status': key }, [
    el('span', { 'aria-hidden': 'true' }, [ICONS[key] ?? '•']), ` ${words}`,
  ]);
}

/** Returns the "Overdue" marker: an icon and the word. */
export function overdueMark() {
  return el('strong', { class: 'overdue' }, [el('span', { 'aria-hidden': 'true' }, ['⚠']), ' Overdue']);
}

/** Formats a calendar date ("2026-03-09") as the browser's language writes it ("9 Mar 2026"), without a zone shift. */
export function formatDate(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  if (!m) return String(isoDate ?? '');
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
    .toLocaleDateString([], { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

/** Returns "Due <date>" as a time element. */
export function dueText(item) {
  return el('span', { class: 'due' }, ['Due ', el('time', { datetime: item.dueOn }, [formatDate(item.dueOn)])]);
}
