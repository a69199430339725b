// Live updates over server-sent events. The page already shows what it fetched; the stream only tells it which
// incident changed so it can fetch that one again. While the stream is down the page says so and re-reads every
// 30 seconds; when the stream (re)connects it re-reads once to catch what it missed.

/**
 * Connects to the incident stream.
 * @param {{onChange: (change: {id: string|null, type: string|null, data: any}) => void, onResync: () => void, status: HTMLElement}} handlers
 */
export function connectLive({ onChange, onResync, status }) {
  let source = null;
  let poll = null;
  let everOpen = false;

  const show = (state, words) => {
    status.dataset.state = state;
    status.querySelector('.live-text').textContent = words;
  };

  const startPolling = () => {
    if (!poll) poll = setInterval(onResync, 30000);
  };
  const stopPolling = () => {
    clearInterval(poll);
    poll = null;
  };

  const open = () => {
    if (!('EventSource' in window)) {
      show('offline', 'Live updates unavailable · refreshing every 30 s');
      startPolling();
      return;
    }
    show('connecting', 'Connecting to live updates…');
    source = new EventSource('/api/incidents/stream', { withCredentials: true });
    source.onopen = () => {
      show('live', 'Live');
      stopPolling();
      if (everOpen) onResync();
      everOpen = true;
    };
    source.onerror = () => {
      // EventSource retries by itself; a closed source (e.g. 401 after sign-out) needs a fresh one later.
      show('offline', 'Reconnecting… · refreshing every 30 s');
      startPolling();
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(open, 5000);
      }
    };
    const handle = (event) => onChange(parseChange(event));
    source.onmessage = handle;
    for (const type of ['incident', 'change', 'changed', 'opened', 'incident-changed', 'incident-opened']) {
      source.addEventListener(type, handle);
    }
  };

  addEventListener('pagehide', () => source?.close());
  open();
}

function parseChange(event) {
  let data = null;
  try {
    data = JSON.parse(event.data);
  } catch {
    data = { id: event.data };
  }
  const id = data?.incidentId ?? data?.id ?? data?.incident?.id ?? null;
  return { id: id == null ? null : String(id), type: data?.type ?? data?.kind ?? event.type, data };
}
