// Logs: the sign-in sessions, newest first, filtered by status and project, with keyset pagination.
import { get, query } from './api.js';
import { el, replace, pageError } from './dom.js';
import { timeElement } from './format.js';
import { projectSelect, toggleGroup, params, remember } from './filters.js';

// "Confirmed" means everyone who signed in: confirmed sessions and those whose proof was already collected.
const STATUSES = [['', 'All'], ['confirmed,used', 'Confirmed'], ['pending', 'Pending'], ['expired', 'Expired'], ['cancelled', 'Cancelled']];

// How the session's identity was obtained (its "source"), as a reader names it.
const SOURCE_TEXT = { deeplink: 'Bot link', oidc: 'OpenID Connect', oidc_device: 'Device code', webapp: 'Mini App',
	widget: 'Login Widget', telegram_oidc: 'Telegram OIDC' };
const STATUS_TEXT = { confirmed: 'Confirmed', used: 'Confirmed · used', pending: 'Pending', expired: 'Expired', cancelled: 'Cancelled' };

export async function logsPage(main) {
	replace(main, el('p', { class: 'muted' }, 'Loading logs…'));
	let projects;
	try {
		projects = (await get('/api/v1/dev/projects')).projects;
	} catch (error) {
		replace(main, el('h1', {}, 'Logs'), pageError(error));
		return;
	}
	const state = { project: params().get('project_id') || '', status: params().get('status') || '' };
	if (!projects.some((project) => project.id === state.project)) {
		state.project = '';
	}
	if (!STATUSES.some(([value]) => value === state.status)) {
		state.status = '';
	}
	const body = el('tbody', {});
	const table = el('table', { class: 'table responsive', id: 'sessions-table' },
		el('caption', { class: 'visually-hidden' }, 'Sign-in sessions, newest first'),
		el('thead', {}, el('tr', {}, ['Time', 'Project', 'Status', 'Method', 'Telegram user', 'Session'].map((title) => el('th', { scope: 'col' }, title)))),
		body);
	const wrap = el('div', { class: 'table-wrap card' }, table);
	const empty = el('div', { class: 'empty card', id: 'sessions-empty', hidden: true });
	const older = el('button', { type: 'button', class: 'button', id: 'older', hidden: true }, 'Older');
	const status = el('p', { class: 'muted', 'aria-live': 'polite', id: 'logs-status' });
	let cursor = null;

	async function load(reset) {
		older.disabled = true;
		try {
			const page = await get('/api/v1/dev/sessions' + query({ project_id: state.project, status: state.status, limit: 25, cursor: reset ? null : cursor }));
			if (reset) {
				body.replaceChildren();
			}
			body.append(...page.sessions.map(row));
			cursor = page.next_cursor;
			older.hidden = !cursor;
			const none = reset && page.sessions.length === 0;
			wrap.hidden = none;
			empty.hidden = !none;
			if (none) {
				replace(empty, emptyState(projects, state));
			}
			status.textContent = none ? '' : body.children.length + ' session' + (body.children.length === 1 ? '' : 's') + ' shown' + (cursor ? '' : ' (all)');
		} catch (error) {
			replace(status, pageError(error));
		} finally {
			older.disabled = false;
		}
	}

	older.addEventListener('click', () => load(false));
	const refresh = () => {
		remember({ project_id: state.project, status: state.status });
		cursor = null;
		load(true);
	};
	replace(main,
		el('div', { class: 'page-header' }, el('h1', {}, 'Logs')),
		el('div', { class: 'filters card' },
			toggleGroup('Status', STATUSES, state.status, (value) => { state.status = value; refresh(); }, 'status-filter'),
			projectSelect(projects, state.project, (value) => { state.project = value; refresh(); }, 'All projects')),
		wrap, empty, el('div', { class: 'pager' }, status, older));
	await load(true);
}

function row(session) {
	return el('tr', {},
		el('td', { 'data-label': 'Time' }, timeElement(session.created_at)),
		el('td', { 'data-label': 'Project' }, el('a', { href: '/dashboard/projects/' + session.project_id }, session.project_name)),
		el('td', { 'data-label': 'Status' }, el('span', { class: 'chip ' + session.status }, STATUS_TEXT[session.status] || session.status)),
		el('td', { 'data-label': 'Method' }, el('span', { class: 'source' }, SOURCE_TEXT[session.source] || session.source || '—')),
		el('td', { 'data-label': 'Telegram user' }, telegramUser(session)),
		el('td', { 'data-label': 'Session' }, el('code', { class: 'muted' }, session.session_token_preview)));
}

function telegramUser(session) {
	if (!session.telegram_id) {
		return el('span', { class: 'muted' }, '—');
	}
	return el('span', { class: 'tg-user' },
		el('span', { class: 'tg-name' }, session.telegram_name || '(no name)'),
		session.telegram_username ? el('span', { class: 'tg-username' }, '@' + session.telegram_username) : null,
		el('span', { class: 'tg-id muted' }, 'id ' + session.telegram_id));
}

function emptyState(projects, state) {
	if (projects.length === 0) {
		return [el('h2', {}, 'No sessions yet'), el('p', {}, 'Create a project first; its sign-ins show up here.'),
			el('a', { class: 'button primary', href: '/dashboard/projects/new' }, 'Create a project')];
	}
	if (state.status) {
		return [el('h2', {}, 'No sessions with this status'), el('p', {}, 'Choose \u201cAll\u201d to see every session.')];
	}
	const sandbox = projects.find((project) => project.sandbox && (!state.project || project.id === state.project));
	return [el('h2', {}, 'No sessions yet'),
		el('p', {}, 'Sessions appear here as soon as an app starts a sign-in.'),
		sandbox
			? el('p', {}, el('a', { class: 'button primary', href: '/dashboard/projects/' + sandbox.id }, 'Try one in the sandbox'))
			: el('p', { class: 'muted' }, 'A sandbox project lets you try a sign-in without a Telegram bot.')];
}
