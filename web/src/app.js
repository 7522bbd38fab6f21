// The notes demo in the browser: sign up and confirm with the code from
// Gatehouse's outbox, sign in with SRP, trade the ID token for identity
// pool credentials, and call the notes API with SigV4-signed requests.
// Everything is same-origin: the page, the AWS endpoints and the API.
import { NotesAPI, getCredentials, outboxCode } from './aws.js';
import { confirmSignUp, currentSession, newUserPool, signIn, signOut, signUp } from './cognito.js';

const $ = (id) => document.getElementById(id);

// Credentials this close to their expiry are fetched again before a call.
const refreshMargin = 60 * 1000;

const state = {
	config: null,
	pool: null,
	api: null,
	user: null,
	session: null,
	creds: null,
	signUpEmail: '',
};

// show writes a message into a status element, as an error or not.
function show(el, text, isError = false) {
	el.textContent = text;
	el.classList.toggle('error', isError);
	el.classList.toggle('ok', !isError && text !== '');
}

// describe renders an error of the library or of Gatehouse in one line.
function describe(err) {
	const name = err.code || err.name || 'Error';
	return err.message ? `${name}: ${err.message}` : name;
}

// busy disables a form's or a button's controls while work runs, and
// reports a failure in status.
async function busy(controls, status, work) {
	const els = controls instanceof HTMLFormElement ? [...controls.elements] : [controls];
	const before = els.map((el) => el.disabled);
	els.forEach((el) => {
		el.disabled = true;
	});
	try {
		await work();
	} catch (err) {
		show(status, describe(err), true);
	} finally {
		els.forEach((el, i) => {
			el.disabled = before[i];
		});
		render();
	}
}

// render sets what can be done from the state.
function render() {
	const signedIn = state.session !== null;
	const hasCreds = state.creds !== null;
	$('credentials-get').disabled = !signedIn || !state.config.identityPoolId;
	$('signout').disabled = !signedIn;
	$('note-submit').disabled = !hasCreds || !state.api;
	$('notes-refresh').disabled = !hasCreds || !state.api;
	$('noauth-call').disabled = !state.api;
	if (!signedIn) {
		$('whoami-user').textContent = 'nobody';
		$('id-token-claims').textContent = 'none';
	}
	if (!hasCreds) {
		$('identity-id').textContent = 'none';
		$('access-key-id').textContent = 'none';
		$('credentials-expiry').textContent = 'none';
	}
}

function renderSession() {
	const claims = state.session.getIdToken().decodePayload();
	$('whoami-user').textContent = `${claims.email || claims['cognito:username']} (sub ${claims.sub})`;
	$('id-token-claims').textContent = JSON.stringify(claims, null, 2);
}

function renderCredentials() {
	const c = state.creds;
	$('identity-id').textContent = c.identityId;
	$('access-key-id').textContent = c.accessKeyId;
	$('credentials-expiry').textContent = `${c.expiration.toISOString()} (in ${Math.round((c.expiration - Date.now()) / 60000)} min)`;
}

function renderNotes(notes) {
	const list = $('notes-list');
	list.replaceChildren(
		...notes.map((note) => {
			const li = document.createElement('li');
			li.id = `note-${note.noteId}`;
			li.dataset.noteId = note.noteId;
			const content = document.createElement('span');
			content.className = 'note-content';
			content.textContent = note.content;
			const time = document.createElement('time');
			time.className = 'note-time';
			const created = new Date(note.createdAt);
			time.dateTime = created.toISOString();
			time.textContent = created.toLocaleString();
			const del = document.createElement('button');
			del.type = 'button';
			del.id = `note-delete-${note.noteId}`;
			del.className = 'note-delete';
			del.textContent = 'Delete';
			del.setAttribute('aria-label', `Delete note: ${note.content}`);
			del.addEventListener('click', () => deleteNote(del, note.noteId));
			li.append(content, time, del);
			return li;
		}),
	);
	$('notes-empty').hidden = notes.length > 0;
}

// freshCredentials returns credentials valid for a while yet, getting new
// ones (with a refreshed ID token when needed) when they are about to
// expire.
async function freshCredentials() {
	if (state.creds && state.creds.expiration - Date.now() > refreshMargin) {
		return state.creds;
	}
	state.session = await currentSession(state.user);
	renderSession();
	state.creds = await getCredentials(location.origin, state.config.identityPoolId, state.session.getIdToken());
	state.api.setCredentials(state.creds);
	renderCredentials();
	return state.creds;
}

async function refreshNotes() {
	await freshCredentials();
	const notes = await state.api.list();
	renderNotes(notes);
	return notes;
}

function deleteNote(button, noteId) {
	const status = $('notes-status');
	return busy(button, status, async () => {
		await freshCredentials();
		await state.api.remove(noteId);
		await refreshNotes();
		show(status, `Deleted note ${noteId}.`);
	});
}

function onSignUp(event) {
	event.preventDefault();
	const form = event.currentTarget;
	const status = $('signup-status');
	const email = $('signup-email').value.trim();
	show(status, '');
	return busy(form, status, async () => {
		const result = await signUp(state.pool, email, $('signup-password').value);
		state.signUpEmail = email;
		$('signup-password').value = '';
		$('signin-email').value = email;
		if (result.userConfirmed) {
			show(status, `Signed up ${email}, already confirmed: sign in.`);
			return;
		}
		const d = result.codeDeliveryDetails || {};
		show(status, `Signed up ${email}. Code sent by ${d.DeliveryMedium || 'message'} to ${d.Destination || email}.`);
		$('outbox-code').textContent = '';
		$('confirm-form').hidden = false;
		$('outbox-show').hidden = !state.config.outbox;
	});
}

function onShowCode() {
	const status = $('confirm-status');
	return busy($('outbox-show'), status, async () => {
		const code = await outboxCode('outbox', state.config.userPoolId, state.signUpEmail);
		if (!code) {
			show(status, `The outbox has no sign-up code for ${state.signUpEmail}.`, true);
			return;
		}
		$('outbox-code').textContent = code;
		$('confirm-code').value = code;
		show(status, '');
	});
}

function onConfirm(event) {
	event.preventDefault();
	const status = $('confirm-status');
	return busy(event.currentTarget, status, async () => {
		await confirmSignUp(state.pool, state.signUpEmail, $('confirm-code').value.trim());
		show(status, `Confirmed ${state.signUpEmail}: sign in.`);
		$('confirm-form').hidden = true;
		$('signin-password').focus();
	});
}

function onSignIn(event) {
	event.preventDefault();
	const status = $('signin-status');
	show(status, '');
	return busy(event.currentTarget, status, async () => {
		if (state.user) {
			await signOut(state.user);
		}
		forget();
		const { user, session } = await signIn(state.pool, $('signin-email').value.trim(), $('signin-password').value);
		state.user = user;
		state.session = session;
		$('signin-password').value = '';
		renderSession();
		show(status, `Signed in with SRP as ${session.getIdToken().decodePayload().email || user.getUsername()}.`);
	});
}

function onGetCredentials() {
	const status = $('credentials-status');
	return busy($('credentials-get'), status, async () => {
		state.creds = null;
		await freshCredentials();
		show(status, `Credentials of identity ${state.creds.identityId}.`);
		await refreshNotes();
	});
}

function forget() {
	state.user = null;
	state.session = null;
	state.creds = null;
	state.api?.setCredentials(null);
	$('notes-list').replaceChildren();
	$('notes-empty').hidden = true;
	show($('credentials-status'), '');
	show($('notes-status'), '');
}

function onSignOut() {
	const status = $('signin-status');
	return busy($('signout'), status, async () => {
		const user = state.user;
		forget();
		if (user) {
			await signOut(user);
		}
		show(status, 'Signed out.');
	});
}

function onCreateNote(event) {
	event.preventDefault();
	const status = $('notes-status');
	const input = $('note-content');
	return busy(event.currentTarget, status, async () => {
		await freshCredentials();
		const note = await state.api.create(input.value);
		input.value = '';
		await refreshNotes();
		show(status, `Created note ${note.noteId}.`);
	});
}

function onRefreshNotes() {
	const status = $('notes-status');
	return busy($('notes-refresh'), status, async () => {
		const notes = await refreshNotes();
		show(status, `${notes.length} note${notes.length === 1 ? '' : 's'}.`);
	});
}

function onNoAuth() {
	const out = $('noauth-result');
	return busy($('noauth-call'), out, async () => {
		const r = await state.api.unsigned();
		const type = r.errorType ? `\nx-amzn-ErrorType: ${r.errorType}` : '';
		show(out, `${r.status} ${r.statusText}${type}\n${r.body}`, r.status >= 400);
	});
}

async function start() {
	const app = $('app');
	const summary = $('config-summary');
	try {
		const res = await fetch('config.json', { cache: 'no-store' });
		if (!res.ok) {
			throw new Error(`config.json: HTTP ${res.status}`);
		}
		state.config = await res.json();
	} catch (err) {
		show(summary, `Cannot load the configuration: ${err.message}`, true);
		app.dataset.state = 'error';
		app.removeAttribute('aria-busy');
		return;
	}
	const c = state.config;
	const missing = [];
	if (c.userPoolId && c.clientId) {
		state.pool = newUserPool(c, location.origin);
	} else {
		missing.push('a user pool with an app client without a secret');
	}
	if (!c.identityPoolId) {
		missing.push('an identity pool');
	}
	if (c.apiBasePath) {
		state.api = new NotesAPI(location.origin + c.apiBasePath, c.region);
	} else {
		missing.push('an API');
	}
	summary.textContent = [
		`Region ${c.region}`,
		c.userPoolId && `user pool ${c.userPoolId} (client ${c.clientId})`,
		c.identityPoolId && `identity pool ${c.identityPoolId}`,
		c.apiBasePath && `API ${location.origin}${c.apiBasePath}`,
	]
		.filter(Boolean)
		.join(' · ');
	if (!globalThis.crypto?.subtle) {
		// aws4fetch signs with Web Crypto, which browsers give only to
		// secure contexts: https, localhost and 127.0.0.1.
		show($('notes-status'), `SigV4 signing needs a secure context: open this page over https or on localhost, not ${location.origin}.`, true);
	}
	if (missing.length) {
		show(summary, `${summary.textContent}. The configuration has no ${missing.join(', no ')}.`, true);
	}
	$('signup-form').addEventListener('submit', onSignUp);
	$('outbox-show').addEventListener('click', onShowCode);
	$('confirm-form').addEventListener('submit', onConfirm);
	$('signin-form').addEventListener('submit', onSignIn);
	$('credentials-get').addEventListener('click', onGetCredentials);
	$('signout').addEventListener('click', onSignOut);
	$('note-form').addEventListener('submit', onCreateNote);
	$('notes-refresh').addEventListener('click', onRefreshNotes);
	$('noauth-call').addEventListener('click', onNoAuth);
	for (const id of ['signup-submit', 'signin-submit']) {
		$(id).disabled = !state.pool;
	}
	render();
	app.dataset.state = 'ready';
	app.removeAttribute('aria-busy');
}

start();
