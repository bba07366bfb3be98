// The dashboard's entry point: finds out who is signed in, then draws the page the path names.
import { get, post, setCsrfToken } from './api.js';
import { el, replace, showFlash, flash, pageError } from './dom.js';
import { authPage } from './auth.js';
import { projectsPage, newProjectPage } from './projects.js';
import { projectPage } from './project.js';
import { logsPage } from './logs.js';
import { analyticsPage } from './analytics.js';
import { webhooksPage } from './webhooks.js';
import { passwordPage } from './password.js';

const main = document.getElementById('main');

const pages = [
	{ path: /^\/dashboard\/projects\/?$/, nav: 'projects', title: 'Projects', draw: projectsPage },
	{ path: /^\/dashboard\/projects\/new$/, nav: 'projects', title: 'New project', draw: newProjectPage },
	{ path: /^\/dashboard\/projects\/([A-Za-z0-9_-]+)$/, nav: 'projects', title: 'Project', draw: projectPage },
	{ path: /^\/dashboard\/logs$/, nav: 'logs', title: 'Logs', draw: logsPage },
	{ path: /^\/dashboard\/analytics$/, nav: 'analytics', title: 'Analytics', draw: analyticsPage },
	{ path: /^\/dashboard\/webhooks$/, nav: 'webhooks', title: 'Webhooks', draw: webhooksPage },
	{ path: /^\/dashboard\/password$/, nav: 'password', title: 'Password', draw: passwordPage },
];

async function start() {
	const session = await get('/dashboard/api/session');
	setCsrfToken(session.csrf_token);
	const path = location.pathname.replace(/\/+$/, '') || '/dashboard';
	if (path === '/dashboard/login' || path === '/dashboard/signup') {
		if (session.signed_in) {
			location.replace(safeNext() || '/dashboard/projects');
			return;
		}
		document.title = (path === '/dashboard/signup' ? 'Sign up' : 'Log in') + ' · Bondify';
		authPage(main, path === '/dashboard/signup' ? 'signup' : 'login', session, safeNext());
		return;
	}
	if (!session.signed_in) {
		location.replace('/dashboard/login' + (path === '/dashboard' ? '' : '?next=' + encodeURIComponent(location.pathname + location.search)));
		return;
	}
	if (path === '/dashboard') {
		location.replace('/dashboard/projects');
		return;
	}
	showChrome(session.developer);
	const page = pages.find((candidate) => candidate.path.test(path));
	if (!page) {
		replace(main, el('h1', {}, 'Page not found'), el('p', {}, el('a', { href: '/dashboard/projects' }, 'Back to your projects')));
		return;
	}
	for (const link of document.querySelectorAll('[data-nav]')) {
		if (link.dataset.nav === page.nav) {
			link.setAttribute('aria-current', 'page');
		}
	}
	document.title = page.title + ' · Bondify';
	showFlash();
	await page.draw(main, ...path.match(page.path).slice(1));
}

function showChrome(developer) {
	document.getElementById('topbar').hidden = false;
	document.getElementById('account-email').textContent = developer.email;
	document.getElementById('logout').addEventListener('click', async () => {
		try {
			await post('/dashboard/api/logout');
		} finally {
			flash('You are logged out.');
			location.assign('/dashboard/login');
		}
	});
}

/** Only a dashboard path may be a redirect target after log-in. */
function safeNext() {
	const next = new URLSearchParams(location.search).get('next');
	return next && /^\/dashboard\/[A-Za-z0-9/_?=&%.-]*$/.test(next) && !next.startsWith('//') ? next : null;
}

start().catch((error) => {
	replace(main, el('h1', {}, 'The dashboard could not load'), pageError(error),
		el('p', {}, el('button', { type: 'button', class: 'button', on: { click: () => location.reload() } }, 'Retry')));
});
