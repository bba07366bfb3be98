// Change the password. The server swaps the httpOnly cookie for a fresh token: the change ends every other sign-in.
import { post, ApiError } from './api.js';
import { el, replace } from './dom.js';

export function passwordPage(main) {
	const field = (id, label, autocomplete, hint) => {
		const input = el('input', {
			id, name: id, type: 'password', required: true, autocomplete, maxlength: '72',
			minlength: id === 'current_password' ? null : '10', 'aria-describedby': hint ? id + '-hint' : null,
		});
		return { input, label: el('label', { class: 'field', for: id }, el('span', {}, label), input,
			hint ? el('span', { class: 'hint', id: id + '-hint' }, hint) : null) };
	};
	const current = field('current_password', 'Current password', 'current-password');
	const next = field('new_password', 'New password', 'new-password',
		'At least 10 characters and hard to guess: a passphrase of several unrelated words works well.');
	const again = field('confirm_password', 'New password again', 'new-password');
	const error = el('p', { class: 'form-error', id: 'password-error', role: 'alert', hidden: true });
	const done = el('p', { class: 'notice ok', id: 'password-done', role: 'status', hidden: true },
		'Password changed. Every other device and API token signed in to this account has been signed out.');
	const submit = el('button', { type: 'submit', class: 'button primary', id: 'password-submit' }, 'Change password');
	const form = el('form', { class: 'form', novalidate: true, 'aria-labelledby': 'password-title' },
		current.label, next.label, again.label, error, done, el('div', { class: 'actions start' }, submit));
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		error.hidden = true;
		done.hidden = true;
		if (!form.reportValidity()) {
			return;
		}
		if (next.input.value !== again.input.value) {
			error.textContent = 'The two new passwords differ; type the same one twice.';
			error.hidden = false;
			again.input.focus();
			return;
		}
		submit.disabled = true;
		try {
			await post('/dashboard/api/password', { current_password: current.input.value, new_password: next.input.value });
			form.reset();
			done.hidden = false;
		} catch (failure) {
			error.textContent = failure instanceof ApiError ? failure.message : String(failure);
			error.hidden = false;
			(failure instanceof ApiError && failure.status === 401 ? current.input : next.input).focus();
		} finally {
			submit.disabled = false;
		}
	});
	replace(main,
		el('div', { class: 'page-header' }, el('h1', { id: 'password-title' }, 'Password')),
		el('section', { class: 'card narrow' },
			el('p', { class: 'muted' }, 'Changing your password signs you out everywhere else. '
				+ 'To sign out everywhere without changing it, use Log out: it ends every session of this account.'),
			form));
	current.input.focus();
}
