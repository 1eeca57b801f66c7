// Reloads the page when a watched file changes, and after the worker page in
// the iframe has submitted an answer.
const token = document.body.dataset.reloadToken;

if (token && window.EventSource) {
  const events = new EventSource(`/api/events?since=${encodeURIComponent(token)}`);
  events.addEventListener('reload', () => {
    events.close();
    window.location.reload();
  });
}

window.addEventListener('message', (event) => {
  if (event.origin === window.location.origin && event.data?.type === 'gt-templates-submitted') {
    window.location.reload();
  }
});
