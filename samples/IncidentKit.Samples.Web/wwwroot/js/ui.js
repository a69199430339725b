// Small DOM helpers shared by the pages: element creation without innerHTML (no injection), names and badges.

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child == null || child === '') continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const PRIORITY_NAMES = { 1: 'Critical', 2: 'High', 3: 'Moderate', 4: 'Low', 5: 'Planning' };

/** Names a priority level: "P1 Critical". */
export function priorityName(level) {
  return `P${level}${PRIORITY_NAMES[level] ? ` ${PRIORITY_NAMES[level]}` : ''}`;
}

const STATE_WORDS = {
  new: ['●', 'New'], acknowledged: ['◐', 'Acknowledged'], inprogress: ['▶', 'In progress'], onhold: ['‖', 'On hold'],
  resolved: ['✔', 'Resolved'], closed: ['■', 'Closed'], cancelled: ['⊘', 'Cancelled'],
};

/** Returns a state's key without case or separators: "in-progress", "InProgress" → "inprogress". */
export function stateKey(state) {
  return String(state).toLowerCase().replace(/[^a-z]/g, '');
}

/** Returns a badge for a workflow state, with an icon and words. */
export function stateBadge(state) {
  const key = stateKey(state);
  const [icon, words] = STATE_WORDS[key] ?? ['•', String(state)];
  return el('span', { class: `state-badge state-${key}`, 'data-state': key }, [
    el('span', { 'aria-hidden': 'true' }, [icon]), ` ${words}`,
  ]);
}

const EVENT_WORDS = {
  opened: 'Incident opened', 'sla-breached': 'SLA breached', 'sla-warning-reached': 'SLA warning', 'sla-met': 'SLA met',
  'work-note-added': 'Work note', 'status-update-posted': 'Status update posted', 'status-update-due': 'Status update due',
  'escalation-step-fired': 'Escalation step fired', 'put-on-hold': 'Put on hold',
};

/** Names a timeline event type ("sla-breached" → "SLA breached"). */
export function eventName(type) {
  return EVENT_WORDS[type] ?? humanize(type);
}

/** Turns an event type such as "IncidentAcknowledged" or "incident-acknowledged" into words. */
export function humanize(type) {
  const words = String(type).replace(/[-_.]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
