// One project: settings, a sandbox try-out, key regeneration, deletion and the integration snippets.
import { get, post, patch, del, ApiError } from './api.js';
import { el, replace, copyable, toast, flash, confirmDialog, pageError } from './dom.js';
import { timeElement, number } from './format.js';
import { badges, statusChip, projectFields, revealPage } from './projects.js';
import { snippetPanel } from './snippets.js';

export async function projectPage(main, id) {
	replace(main, el('p', { class: 'muted' }, 'Loading project…'));
	let project;
	try {
		project = await get('/api/v1/dev/projects/' + encodeURIComponent(id));
	} catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			replace(main, el('h1', {}, 'Project not found'),
				el('p', { id: 'project-missing' }, 'There is no such project in your account. ', el('a', { href: '/dashboard/projects' }, 'Back to your projects')));
			return;
		}
		replace(main, el('h1', {}, 'Project'), pageError(error));
		return;
	}
	draw(main, project);
}

function draw(main, project) {
	const title = el('h1', { id: 'project-title' }, project.name);
	replace(main,
		el('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, el('a', { href: '/dashboard/projects' }, 'Projects'), ' / '),
		el('div', { class: 'page-header' }, el('div', {}, title, el('span', { class: 'header-badges' }, statusChip(project), badges(project)))),
		overview(project),
		project.sandbox ? tryPanel(project) : null,
		settingsForm(main, project),
		snippetPanel(project),
		dangerZone(main, project));
}

function overview(project) {
	return el('section', { class: 'card', 'aria-labelledby': 'overview-title' },
		el('h2', { id: 'overview-title' }, 'Credentials'),
		el('dl', { class: 'credentials' },
			el('dt', {}, 'Project ID'), el('dd', {}, copyable(project.id, 'Project id', { id: 'project-id' })),
			el('dt', {}, 'Secret key'), el('dd', {},
				el('code', { class: 'masked', id: 'masked-key' }, project.secret_key),
				el('span', { class: 'hint' }, ' shown in full only when created or regenerated')),
			el('dt', {}, 'Created'), el('dd', {}, timeElement(project.created_at)),
			el('dt', {}, 'Sessions'), el('dd', {}, number.format(project.sessions_count), ' started, ',
				number.format(project.confirmed_count), ' confirmed · ',
				el('a', { href: '/dashboard/logs?project_id=' + encodeURIComponent(project.id) }, 'logs'), ' · ',
				el('a', { href: '/dashboard/analytics?project_id=' + encodeURIComponent(project.id) }, 'analytics'), ' · ',
				el('a', { href: '/dashboard/webhooks?project_id=' + encodeURIComponent(project.id) }, 'webhooks'))));
}

/**
 * Starts a real sign-in of this sandbox project, the way an app would, links to the sandbox page and waits for the
 * answer by long poll: a confirmed sign-in shows the identity, and its proof is collected, so Logs say Confirmed.
 */
function tryPanel(project) {
	const output = el('div', { class: 'try-output', id: 'try-output', 'aria-live': 'polite' });
	const button = el('button', { type: 'button', class: 'button', id: 'try-sign-in' }, 'Start a test sign-in');
	let attempt = 0;
	button.addEventListener('click', async () => {
		const mine = ++attempt;
		button.disabled = true;
		try {
			const started = await post('/api/v1/generate/public', { project_id: project.id });
			replace(output, el('p', { id: 'try-status' }, 'A sign-in is waiting. Open the sandbox page to confirm or cancel it as a test Telegram user.'),
				el('a', { class: 'button primary', id: 'try-deeplink', href: started.deeplink, target: '_blank', rel: 'noopener' }, 'Open the sandbox page'));
			button.disabled = false;
			const answer = await waitForAnswer(project.id, started.session_token, () => mine === attempt && output.isConnected);
			if (answer) {
				replace(output, outcome(project, answer));
			}
		} catch (error) {
			if (mine === attempt) {
				replace(output, pageError(error));
			}
		} finally {
			button.disabled = false;
		}
	});
	return el('section', { class: 'card', 'aria-labelledby': 'try-title' },
		el('h2', { id: 'try-title' }, 'Try it'),
		el('p', { class: 'muted' }, 'Sandbox projects sign in through a built-in page that stands in for the Telegram bot.'),
		button, output);
}

/** Polls verify (long poll, 25 s a round) until the sign-in is no longer pending, or until stillWanted says stop. */
async function waitForAnswer(projectId, sessionToken, stillWanted) {
	while (stillWanted()) {
		const answer = await post('/api/v1/verify/public', { project_id: projectId, session_token: sessionToken, wait: 25 });
		if (answer.status !== 'pending') {
			return stillWanted() ? answer : null;
		}
	}
	return null;
}

function outcome(project, answer) {
	const logs = el('a', { href: '/dashboard/logs?project_id=' + encodeURIComponent(project.id) }, 'logs');
	if (answer.status === 'confirmed' || answer.status === 'used') {
		return el('div', { id: 'try-result', class: 'try-result ok' },
			el('p', {}, '\u2705 Signed in as ', el('strong', { id: 'try-name' }, answer.telegram_name || '?'),
				answer.telegram_username ? ' (@' + answer.telegram_username + ')' : '', ', Telegram id ',
				el('code', { id: 'try-telegram-id' }, String(answer.telegram_id)), '.'),
			el('p', { class: 'muted' }, 'This page collected the proof, as your app would, so the ', logs,
				' say Confirmed. Your server checks a proof with the secret key: POST /api/v1/proof/verify.'));
	}
	const sentences = {
		cancelled: 'The test user cancelled the sign-in.',
		expired: 'The sign-in expired before anyone answered it.',
	};
	return el('div', { id: 'try-result', class: 'try-result' },
		el('p', {}, sentences[answer.status] || 'The sign-in ended: ' + answer.status + '.', ' See the ', logs, '.'));
}

function settingsForm(main, project) {
	const fields = projectFields(project, false);
	const error = el('p', { class: 'form-error', role: 'alert', id: 'settings-error', hidden: true });
	const submit = el('button', { type: 'submit', class: 'button primary', id: 'settings-save' }, 'Save settings');
	const form = el('form', { class: 'card form', id: 'settings-form', novalidate: true, 'aria-labelledby': 'settings-title' },
		el('h2', { id: 'settings-title' }, 'Settings'), fields.nodes, error, el('div', { class: 'actions' }, submit));
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		error.hidden = true;
		if (!form.reportValidity()) {
			return;
		}
		submit.disabled = true;
		try {
			const updated = await patch('/api/v1/dev/projects/' + encodeURIComponent(project.id), fields.values());
			toast('Settings saved.');
			draw(main, updated);
			document.getElementById('settings-save').focus();
		} catch (failure) {
			error.textContent = failure instanceof ApiError ? failure.message : String(failure);
			error.hidden = false;
			submit.disabled = false;
		}
	});
	return form;
}

function dangerZone(main, project) {
	const regenerate = el('button', { type: 'button', class: 'button', id: 'regenerate' }, 'Regenerate secret key');
	regenerate.addEventListener('click', async () => {
		const ok = await confirmDialog({
			title: 'Regenerate the key of \u201c' + project.name + '\u201d?',
			body: 'The current secret key of \u201c' + project.name + '\u201d stops working immediately; servers using it get 401 until they have the new one.',
			confirmLabel: 'Regenerate key',
		});
		if (!ok) {
			regenerate.focus();
			return;
		}
		try {
			revealPage(main, await post('/api/v1/dev/projects/' + encodeURIComponent(project.id) + '/regenerate'), 'regenerated');
		} catch (error) {
			toast(error.message, 'bad');
		}
	});
	const remove = el('button', { type: 'button', class: 'button danger', id: 'delete' }, 'Delete project');
	remove.addEventListener('click', async () => {
		const ok = await confirmDialog({
			title: 'Delete \u201c' + project.name + '\u201d?',
			body: 'This deletes the project \u201c' + project.name + '\u201d, its sessions and its webhook log. Its id and key stop working. This cannot be undone.',
			confirmLabel: 'Delete project', danger: true, typeToConfirm: project.name,
		});
		if (!ok) {
			remove.focus();
			return;
		}
		try {
			await del('/api/v1/dev/projects/' + encodeURIComponent(project.id));
			flash('Project \u201c' + project.name + '\u201d deleted.');
			location.assign('/dashboard/projects');
		} catch (error) {
			toast(error.message, 'bad');
		}
	});
	return el('section', { class: 'card danger-zone', 'aria-labelledby': 'danger-title' },
		el('h2', { id: 'danger-title' }, 'Key and deletion'),
		el('div', { class: 'danger-row' }, el('div', {}, el('strong', {}, 'Regenerate the secret key'),
			el('p', { class: 'hint' }, 'For a leaked key. The old key stops working at once.')), regenerate),
		el('div', { class: 'danger-row' }, el('div', {}, el('strong', {}, 'Delete this project'),
			el('p', { class: 'hint' }, 'Removes it with all its sessions.')), remove));
}
