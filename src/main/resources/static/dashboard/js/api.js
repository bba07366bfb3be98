// The only way the dashboard talks to the server: the developer API (authenticated by the httpOnly cookie,
// which this script cannot read) and /dashboard/api for signing in and out. Every state change carries the
// CSRF token in X-CSRF-Token.

let csrfToken = null;

export function setCsrfToken(token) {
	csrfToken = token;
}

/** An error answer of the API: HTTP status, machine code and its sentence. */
export class ApiError extends Error {
	constructor(status, code, message) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

export async function api(method, path, body) {
	const headers = { Accept: 'application/json' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	if (method !== 'GET' && csrfToken) {
		headers['X-CSRF-Token'] = csrfToken;
	}
	let response;
	try {
		response = await fetch(path, {
			method, headers, credentials: 'same-origin', cache: 'no-store',
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	} catch {
		throw new ApiError(0, 'NETWORK', 'The server could not be reached; check your connection and retry.');
	}
	let data = null;
	try {
		data = await response.json();
	} catch {
		data = null;
	}
	if (!response.ok) {
		if (response.status === 401 && path.startsWith('/api/v1/dev/')) {
			// The token expired or was revoked (log-out elsewhere): back to the log-in page.
			location.assign('/dashboard/login?next=' + encodeURIComponent(location.pathname + location.search));
		}
		throw new ApiError(response.status, data && data.code, (data && data.error) || ('HTTP ' + response.status));
	}
	return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

/** Builds a query string from the non-empty entries of params. */
export function query(params) {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && value !== '') {
			search.set(key, value);
		}
	}
	const text = search.toString();
	return text ? '?' + text : '';
}
