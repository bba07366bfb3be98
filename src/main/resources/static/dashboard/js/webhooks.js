// Webhooks: per project, the recent delivery attempts and a signed test ping.
import { get, post, ApiError } from './api.js';
import { el, replace, pageError } from './dom.js';
import { timeElement } from './format.js';
import { projectSelect, params, remember } from './filters.js';

export async function webhooksPage(main) {
	replace(main, el('p', { class: 'muted' }, 'Loading webhooks…'));
	let projects;
	try {
		projects = (await get('/api/v1/dev/projects')).projects;
	} catch (error) {
		replace(main, el('h1', {}, 'Webhooks'), pageError(error));
		return;
	}
	const header = el('div', { class: 'page-header' }, el('h1', {}, 'Webhooks'));
	if (projects.length === 0) {
		replace(main, header, el('section', { class: 'empty card', id: 'webhooks-empty' },
			el('h2', {}, 'No projects yet'), el('p', {}, 'Webhooks belong to a project. Create one, then set its webhook URL.'),
			el('a', { class: 'button primary', href: '/dashboard/projects/new' }, 'Create a project')));
		return;
	}
	let project = projects.find((candidate) => candidate.id === params().get('project_id')) || projects[0];
	const content = el('div', { id: 'webhooks-content' });
	replace(main, header,
		el('div', { class: 'filters card' }, projectSelect(projects, project.id, (value) => {
			project = projects.find((candidate) => candidate.id === value);
			show();
		})),
		content);

	function show() {
		remember({ project_id: project.id });
		const outcome = el('div', { class: 'ping-outcome', id: 'ping-outcome', 'aria-live': 'polite' });
		const ping = el('button', { type: 'button', class: 'button primary', id: 'send-ping', disabled: !project.webhook_url }, 'Send test ping');
		const list = el('div', { id: 'deliveries' }, el('p', { class: 'muted' }, 'Loading deliveries…'));
		ping.addEventListener('click', async () => {
			ping.disabled = true;
			replace(outcome, el('p', { class: 'muted' }, 'Sending…'));
			try {
				const attempt = await post('/api/v1/dev/projects/' + encodeURIComponent(project.id) + '/webhook-test');
				replace(outcome, el('div', { class: 'notice ' + (attempt.success ? 'ok' : 'bad'), role: 'status' },
					el('strong', {}, attempt.success ? 'Delivered. ' : 'Not delivered. '),
					resultText(attempt), ' in ' + attempt.duration_ms + ' ms.'));
				await loadDeliveries(project, list);
			} catch (error) {
				replace(outcome, pageError(error));
			} finally {
				ping.disabled = false;
			}
		});
		replace(content,
			el('section', { class: 'card', 'aria-labelledby': 'endpoint-title' },
				el('h2', { id: 'endpoint-title' }, 'Endpoint'),
				project.webhook_url
					? el('p', {}, 'Events of ', el('strong', {}, project.name), ' go to ', el('code', { id: 'webhook-url' }, project.webhook_url), '.')
					: el('p', { id: 'no-webhook-url' }, el('strong', {}, project.name), ' has no webhook URL. ',
						el('a', { href: '/dashboard/projects/' + project.id }, 'Set one in its settings'), ' to receive auth.confirmed and auth.cancelled events.'),
				el('div', { class: 'actions start' }, ping), outcome),
			el('section', { class: 'card', 'aria-labelledby': 'deliveries-title' }, el('h2', { id: 'deliveries-title' }, 'Recent deliveries'), list));
		loadDeliveries(project, list);
	}
	show();
}

function resultText(attempt) {
	if (attempt.http_status != null) {
		return 'HTTP ' + attempt.http_status + (attempt.error ? ' — ' + attempt.error : '');
	}
	return attempt.error || 'No answer';
}

async function loadDeliveries(project, list) {
	let deliveries;
	try {
		deliveries = (await get('/api/v1/dev/projects/' + encodeURIComponent(project.id) + '/webhook-deliveries')).deliveries;
	} catch (error) {
		replace(list, error instanceof ApiError ? pageError(error) : pageError(String(error)));
		return;
	}
	if (deliveries.length === 0) {
		replace(list, el('p', { class: 'muted', id: 'deliveries-empty' }, 'No deliveries yet. They appear when a sign-in of this project is confirmed or cancelled, or when you send a test ping.'));
		return;
	}
	replace(list, el('div', { class: 'table-wrap' }, el('table', { class: 'table responsive', id: 'deliveries-table' },
		el('thead', {}, el('tr', {}, ['Time', 'Event', 'Attempt', 'Result', 'Duration', 'Delivery'].map((title) => el('th', { scope: 'col' }, title)))),
		el('tbody', {}, deliveries.map((attempt) => el('tr', {},
			el('td', { 'data-label': 'Time' }, timeElement(attempt.attempted_at)),
			el('td', { 'data-label': 'Event' }, el('code', {}, attempt.event)),
			el('td', { 'data-label': 'Attempt', class: 'numeric' }, String(attempt.attempt)),
			el('td', { 'data-label': 'Result' }, el('span', { class: 'chip ' + (attempt.success ? 'confirmed' : 'cancelled') }, resultText(attempt)),
				attempt.state === 'pending' ? el('span', { class: 'muted' }, ' · retry due') : null),
			el('td', { 'data-label': 'Duration', class: 'numeric' }, attempt.duration_ms + ' ms'),
			el('td', { 'data-label': 'Delivery' }, el('code', { class: 'muted', title: attempt.delivery_id }, attempt.delivery_id.slice(0, 8))))))))); 
}
