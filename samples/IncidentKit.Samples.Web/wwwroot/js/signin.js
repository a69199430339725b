// Enhances the sign-in form: posts it in the background so a wrong key shows an inline message, then goes to the
// page the person came from. Without JavaScript the same form posts normally.
import { safeReturnUrl } from './api.js';

const form = document.getElementById('signin-form');
const error = document.getElementById('signin-error');
const returnUrl = safeReturnUrl(new URLSearchParams(location.search).get('returnUrl'));
document.getElementById('returnUrl').value = returnUrl;

if (new URLSearchParams(location.search).has('error')) {
  showError('That key was not accepted. Check it and try again.');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  error.hidden = true;
  try {
    const response = await fetch(form.action, {
      method: 'POST',
      // Asking for JSON gets 204 or a 401 problem instead of the redirects a plain form post gets.
      headers: { Accept: 'application/json' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
    if (response.ok) {
      location.assign(returnUrl);
      return;
    }
    showError(response.status === 429
      ? 'Too many attempts. Wait a moment and try again.'
      : 'That key was not accepted. Check it and try again.');
  } catch {
    showError('The server could not be reached. Check your connection and try again.');
  } finally {
    button.disabled = false;
  }
});

function showError(text) {
  error.textContent = text;
  error.hidden = false;
  document.getElementById('apiKey').focus();
}
