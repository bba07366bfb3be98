// The projects table, the create form and the one-time credential reveal.
import { get, post, ApiError } from './api.js';
import { el, replace, copyable, pageError } from './dom.js';
import { timeElement, number } from './format.js';
import { snippetPanel } from './snippets.js';

export function badges(project) {
	return el('span', { class: 'badges' },
		project.sandbox ? el('span', { class: 'badge sandbox', title: 'Test mode: sign-ins go through the built-in sandbox page, no Telegram needed' }, 'Sandbox') : null,
		// Own bot: filled in once projects can bring their own Telegram bot (bot_username is then set).
		project.bot_username ? el('span', { class: 'badge own-bot', title: 'Signs in through its own bot @' + project.bot_username }, 'Own bot') : null);
}

export function statusChip(project) {
	return project.is_active
		? el('span', { class: 'chip confirmed' }, 'Active')
		: el('span', { class: 'chip expired' }, 'Paused');
}

export async function projectsPage(main) {
	replace(main, el('p', { class: 'muted' }, 'Loading projects…'));
	let projects;
	try {
		projects = (await get('/api/v1/dev/projects')).projects;
	} catch (error) {
		replace(main, el('h1', {}, 'Projects'), pageError(error));
		return;
	}
	const header = el('div', { class: 'page-header' },
		el('h1', {}, 'Projects'),
		el('a', { class: 'button primary', href: '/dashboard/projects/new', id: 'new-project' }, 'New project'));
	if (projects.length === 0) {
		replace(main, header, el('section', { class: 'empty card', id: 'projects-empty' },
			el('h2', {}, 'No projects yet'),
			el('p', {}, 'A project gives your app a project id for the browser and a secret key for your server. '
				+ 'Start with a sandbox project: sign-ins then go through a built-in test page, so you can try the whole flow without a Telegram bot.'),
			el('a', { class: 'button primary', href: '/dashboard/projects/new' }, 'Create your first project')));
		return;
	}
	const rows = projects.map((project) => el('tr', {},
		el('td', { 'data-label': 'Name' },
			el('a', { href: '/dashboard/projects/' + project.id, class: 'project-name' }, project.name), ' ', badges(project)),
		el('td', { 'data-label': 'Project ID' }, copyable(project.id, 'Project id')),
		el('td', { 'data-label': 'Secret key' },
			el('span', { class: 'copyable' },
				el('code', { class: 'masked', title: 'The full key is shown only once, when it is created or regenerated' }, project.secret_key))),
		el('td', { 'data-label': 'Created' }, timeElement(project.created_at)),
		el('td', { 'data-label': 'Status' }, statusChip(project)),
		el('td', { 'data-label': 'Sessions / confirmed', class: 'numeric' },
			number.format(project.sessions_count), ' / ', number.format(project.confirmed_count))));
	replace(main, header, el('div', { class: 'table-wrap card' },
		el('table', { class: 'table responsive', id: 'projects-table' },
			el('caption', { class: 'visually-hidden' }, 'Your projects, newest first'),
			el('thead', {}, el('tr', {},
				['Name', 'Project ID', 'Secret key', 'Created', 'Status', 'Sessions / confirmed'].map((title) => el('th', { scope: 'col' }, title)))),
			el('tbody', {}, rows))));
}

export function newProjectPage(main) {
	const fields = projectFields({ sandbox: true, public_access: true, req_phone: false, is_active: true, webhook_url: '', allowed_origins: [] }, true);
	const error = el('p', { class: 'form-error', role: 'alert', id: 'create-error', hidden: true });
	const submit = el('button', { type: 'submit', class: 'button primary', id: 'create-submit' }, 'Create project');
	const form = el('form', { class: 'card form', id: 'create-form', novalidate: true }, fields.nodes, error,
		el('div', { class: 'actions' }, el('a', { href: '/dashboard/projects', class: 'button ghost' }, 'Cancel'), submit));
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		error.hidden = true;
		if (!form.reportValidity()) {
			return;
		}
		submit.disabled = true;
		try {
			const project = await post('/api/v1/dev/projects', fields.values());
			revealPage(main, project, 'created');
		} catch (failure) {
			error.textContent = failure instanceof ApiError ? failure.message : String(failure);
			error.hidden = false;
			submit.disabled = false;
		}
	});
	replace(main, el('div', { class: 'page-header' }, el('h1', {}, 'New project')), form);
	fields.focus();
}

/** The one-time credential screen after create and regenerate. */
export function revealPage(main, project, why) {
	const continueLink = el('a', { class: 'button primary', href: '/dashboard/projects/' + project.id, id: 'reveal-continue' }, 'I saved the key — continue');
	replace(main,
		el('div', { class: 'page-header' }, el('h1', { id: 'reveal-title', tabindex: '-1' },
			why === 'created' ? 'Project created' : 'New secret key'), badges(project)),
		el('section', { class: 'card reveal', id: 'reveal', 'aria-labelledby': 'reveal-title' },
			el('div', { class: 'notice warn', role: 'note' },
				el('strong', {}, 'Shown once. '),
				'Copy the secret key now and keep it on your server only. Bondify stores it for signing but will never show it in full again; '
				+ 'if you lose it, regenerate it.'),
			el('dl', { class: 'credentials' },
				el('dt', {}, 'Project'), el('dd', { id: 'reveal-name' }, project.name),
				el('dt', {}, 'Project ID'), el('dd', {}, copyable(project.id, 'Project id', { id: 'reveal-project-id' })),
				el('dt', {}, 'Secret key'), el('dd', {}, copyable(project.secret_key, 'Secret key', { id: 'reveal-secret-key', className: 'secret' }))),
			el('div', { class: 'actions' }, continueLink)),
		snippetPanel(project));
	document.getElementById('reveal-title').focus();
}

function botStatusText(status) {
	return { ok: 'working', revoked: 'token revoked in BotFather \u2014 paste a new one', webhook_failing: 'Telegram cannot reach this server' }[status] || String(status);
}

/** The form fields shared by create and settings; values() gives the API body. */
export function projectFields(project, creating) {
	const id = (name) => 'field-' + name;
	const name = el('input', { id: id('name'), name: 'name', type: 'text', required: true, maxlength: '100', value: project.name || '', autocomplete: 'off' });
	const webhook = el('input', {
		id: id('webhook_url'), name: 'webhook_url', type: 'url', value: project.webhook_url || '', placeholder: 'https://example.com/bondify-webhook',
		'aria-describedby': id('webhook_url') + '-hint', autocomplete: 'off',
	});
	const origins = el('textarea', {
		id: id('allowed_origins'), name: 'allowed_origins', rows: '3', placeholder: 'https://app.example.com',
		'aria-describedby': id('allowed_origins') + '-hint', spellcheck: 'false',
	});
	origins.value = (project.allowed_origins || []).join('\n');
	const redirects = el('textarea', {
		id: id('redirect_uris'), name: 'redirect_uris', rows: '2', placeholder: 'https://app.example.com/login/oauth2/code/bondify',
		'aria-describedby': id('redirect_uris') + '-hint', spellcheck: 'false',
	});
	redirects.value = (project.redirect_uris || []).join('\n');
	const check = (key, label, hint, checked, disabled) => {
		const input = el('input', { id: id(key), name: key, type: 'checkbox', checked: !!checked, disabled: !!disabled, 'aria-describedby': id(key) + '-hint' });
		return {
			input, node: el('div', { class: 'check' }, input,
				el('label', { for: id(key) }, label), el('p', { class: 'hint', id: id(key) + '-hint' }, hint)),
		};
	};
	const active = check('is_active', 'Active', 'Paused projects refuse new sign-ins; existing ones can still be verified.', project.is_active);
	const publicAccess = check('public_access', 'Public access', 'Browsers may start sign-ins with the project id alone. Off: only your server, with the secret key.', project.public_access);
	const reqPhone = check('req_phone', 'Ask for the phone number', 'Users share their Telegram phone number before confirming.', project.req_phone);
	const oidcPublic = check('oidc_public', 'Public OpenID Connect client', 'A single-page or mobile app: it signs in with PKCE alone and never sends the secret key.', project.oidc_public);
	const sandbox = check('sandbox', 'Sandbox project', creating
		? 'Test mode: a sk_test_ key, and sign-ins go through a built-in test page instead of Telegram. Fixed once created.'
		: 'Fixed at creation.', project.sandbox, !creating);
	const botToken = el('input', {
		id: id('bot_token'), name: 'bot_token', type: 'password', placeholder: '123456789:AA\u2026', autocomplete: 'off',
		spellcheck: 'false', 'aria-describedby': id('bot_token') + '-hint ' + id('bot_token') + '-status',
	});
	// How the proof the app's server checks is signed: HS256 with the secret key (what the official SDKs verify) or
	// ES256 with the provider's keys, checked against /oauth2/jwks without any secret.
	const proofAlg = el('select', { id: id('proof_alg'), name: 'proof_alg', 'aria-describedby': id('proof_alg') + '-hint' },
		el('option', { value: 'HS256' }, 'HS256 \u2014 signed with the secret key'),
		el('option', { value: 'ES256' }, 'ES256 \u2014 signed with Bondify\u2019s public key pair'));
	proofAlg.value = project.proof_alg === 'ES256' ? 'ES256' : 'HS256';
	const removeBot = check('remove_bot', 'Remove the own bot', 'Sign-ins go through the server\u2019s bot again.', false);
	const nodes = [
		el('label', { class: 'field', for: id('name') }, el('span', {}, 'Name'), name),
		el('label', { class: 'field', for: id('webhook_url') }, el('span', {}, 'Webhook URL ', el('span', { class: 'muted' }, '(optional)')), webhook,
			el('span', { class: 'hint', id: id('webhook_url') + '-hint' }, 'Receives signed auth.confirmed and auth.cancelled events. Must be https://.')),
		el('label', { class: 'field', for: id('allowed_origins') }, el('span', {}, 'Allowed origins ', el('span', { class: 'muted' }, '(optional, one per line)')), origins,
			el('span', { class: 'hint', id: id('allowed_origins') + '-hint' }, 'When set, only these origins may start public sign-ins. Empty: any origin.')),
		el('label', { class: 'field', for: id('proof_alg') }, el('span', {}, 'Proof signature'), proofAlg,
			el('span', { class: 'hint', id: id('proof_alg') + '-hint' },
				'HS256 is what the official SDKs check. ES256 proofs are checked with the public keys at /oauth2/jwks, so your server needs no secret.')),
		el('label', { class: 'field', for: id('redirect_uris') }, el('span', {}, 'OpenID Connect redirect URIs ', el('span', { class: 'muted' }, '(optional, one per line)')), redirects,
			el('span', { class: 'hint', id: id('redirect_uris') + '-hint' }, 'Where the OpenID Connect provider may send users back, matched exactly: https://, or http:// on localhost, 127.0.0.1 or [::1]. At most 20.')),
		el('fieldset', { class: 'checks' }, el('legend', {}, 'Behaviour'),
			creating ? sandbox.node : active.node, publicAccess.node, reqPhone.node, oidcPublic.node, creating ? null : sandbox.node),
		// The project's own Telegram bot: the token is sent, never shown back; the API reports its username and status.
		(project.sandbox && !creating) ? null : el('fieldset', { class: 'checks own-bot-slot', id: 'own-bot' }, el('legend', {}, 'Own Telegram bot'),
			el('p', { class: 'hint', id: id('bot_token') + '-status' }, project.bot_username
				? ['Signs in through ', el('strong', {}, '@' + project.bot_username), ' \u2014 status: ',
					el('strong', { id: 'bot-status' }, botStatusText(project.bot_status)), '.']
				: 'This project uses the server\u2019s Telegram bot. Paste a token from @BotFather to use your own.'),
			el('label', { class: 'field', for: id('bot_token') },
				el('span', {}, project.bot_username ? 'Replace the bot token ' : 'Bot token ', el('span', { class: 'muted' }, '(optional)')),
				botToken,
				el('span', { class: 'hint', id: id('bot_token') + '-hint' },
					'Checked with Telegram when saved, stored encrypted, never shown again.')),
			project.bot_username ? removeBot.node : null),
	];
	return {
		nodes,
		focus: () => name.focus(),
		values: () => {
			const body = {
				name: name.value.trim(),
				webhook_url: webhook.value.trim(),
				public_access: publicAccess.input.checked,
				req_phone: reqPhone.input.checked,
				allowed_origins: origins.value.split(/[\s,]+/).map((origin) => origin.trim()).filter(Boolean),
				proof_alg: proofAlg.value,
				redirect_uris: redirects.value.split(/\s+/).map((uri) => uri.trim()).filter(Boolean),
				oidc_public: oidcPublic.input.checked,
			};
			if (creating) {
				body.sandbox = sandbox.input.checked;
				if (!body.webhook_url) {
					delete body.webhook_url;
				}
			} else {
				body.is_active = active.input.checked;
			}
			if (project.sandbox && !creating) {
				return body;
			}
			if (botToken.value.trim()) {
				body.bot_token = botToken.value.trim();
			} else if (!creating && project.bot_username && removeBot.input.checked) {
				body.bot_token = null;
			}
			return body;
		},
	};
}
