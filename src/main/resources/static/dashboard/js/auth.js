// Sign up and log in. The server sets the httpOnly token cookie; this page never sees the token.
import { post, ApiError } from './api.js';
import { el, replace, showFlash } from './dom.js';

export function authPage(main, mode, session, next) {
	const signup = mode === 'signup' && session.registration_open;
	const email = el('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'email', required: true, maxlength: '254' });
	const password = el('input', {
		id: 'password', name: 'password', type: 'password', required: true,
		autocomplete: signup ? 'new-password' : 'current-password', minlength: signup ? '10' : null, maxlength: '72',
		'aria-describedby': signup ? 'password-hint' : null,
	});
	const error = el('p', { class: 'form-error', id: 'auth-error', role: 'alert', hidden: true });
	const submit = el('button', { type: 'submit', class: 'button primary wide', id: 'auth-submit' }, signup ? 'Create account' : 'Log in');
	const form = el('form', { class: 'auth-form', novalidate: true, 'aria-labelledby': 'auth-title' },
		el('label', { class: 'field', for: 'email' }, el('span', {}, 'Email'), email),
		el('label', { class: 'field', for: 'password' }, el('span', {}, 'Password'), password),
		signup ? el('p', { class: 'hint', id: 'password-hint' }, 'At least 10 characters.') : null,
		error, submit);
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		error.hidden = true;
		if (!form.reportValidity()) {
			return;
		}
		submit.disabled = true;
		try {
			await post(signup ? '/dashboard/api/signup' : '/dashboard/api/login', { email: email.value, password: password.value });
			location.assign(next || (signup ? '/dashboard/projects/new' : '/dashboard/projects'));
		} catch (failure) {
			error.textContent = failure instanceof ApiError ? failure.message : String(failure);
			error.hidden = false;
			submit.disabled = false;
			password.focus();
		}
	});
	let other;
	if (signup) {
		other = el('p', {}, 'Already have an account? ', el('a', { href: '/dashboard/login' }, 'Log in'));
	} else if (session.registration_open) {
		other = el('p', {}, 'New to Bondify? ', el('a', { href: '/dashboard/signup', id: 'signup-link' }, 'Create an account'));
	} else {
		other = el('p', { class: 'muted', id: 'registration-closed' }, 'Registration is closed on this server; ask its operator for an account.');
	}
	const forgot = !signup && session.password_reset
		? el('p', {}, el('a', { href: '/dashboard/forgot-password', id: 'forgot-link' }, 'Forgot your password?')) : null;
	replace(main, el('section', { class: 'auth card' },
		el('div', { class: 'auth-brand' }, el('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'B'), ' Bondify'),
		el('h1', { id: 'auth-title' }, signup ? 'Create your developer account' : 'Log in to your dashboard'),
		el('p', { class: 'muted' }, 'Sign in with Telegram for your apps: projects, keys, logs and analytics.'),
		form, forgot, other));
	showFlash();
	email.focus();
}
