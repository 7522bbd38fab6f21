// The user pool through amazon-cognito-identity-js, as an app on AWS uses
// it, with the endpoint set to this Gatehouse: sign-up, confirmation and
// USER_SRP_AUTH sign-in, as promises.
import {
	AuthenticationDetails,
	CognitoUser,
	CognitoUserAttribute,
	CognitoUserPool,
} from 'amazon-cognito-identity-js';

// MemoryStorage keeps the library's tokens in this page only: nothing
// outlives the tab, and no other script on the origin reads them from
// localStorage.
class MemoryStorage {
	constructor() {
		this.items = new Map();
	}
	setItem(key, value) {
		this.items.set(key, String(value));
	}
	getItem(key) {
		return this.items.has(key) ? this.items.get(key) : null;
	}
	removeItem(key) {
		this.items.delete(key);
	}
	clear() {
		this.items.clear();
	}
}

// newUserPool returns the library's pool object for the configuration,
// talking to endpoint (this page's origin).
export function newUserPool(config, endpoint) {
	return new CognitoUserPool({
		UserPoolId: config.userPoolId,
		ClientId: config.clientId,
		endpoint,
		Storage: new MemoryStorage(),
	});
}

// signUp registers email with password; the pool signs users in by email,
// so the email is both the username given and the email attribute.
export function signUp(pool, email, password) {
	const attributes = [new CognitoUserAttribute({ Name: 'email', Value: email })];
	return new Promise((resolve, reject) => {
		pool.signUp(email, password, attributes, null, (err, result) => (err ? reject(err) : resolve(result)));
	});
}

// confirmSignUp confirms the user email with the code sent to it.
export function confirmSignUp(pool, email, code) {
	const user = new CognitoUser({ Username: email, Pool: pool });
	return new Promise((resolve, reject) => {
		user.confirmRegistration(code, true, (err, result) => (err ? reject(err) : resolve(result)));
	});
}

// signIn runs USER_SRP_AUTH and resolves with the user and its session. A
// challenge this page does not handle (a new password, MFA) rejects.
export function signIn(pool, email, password) {
	const user = new CognitoUser({ Username: email, Pool: pool });
	user.setAuthenticationFlowType('USER_SRP_AUTH');
	const details = new AuthenticationDetails({ Username: email, Password: password });
	return new Promise((resolve, reject) => {
		const unsupported = (name) => () => reject(new Error(`the pool asks for ${name}, which this demo does not handle`));
		user.authenticateUser(details, {
			onSuccess: (session) => resolve({ user, session }),
			onFailure: reject,
			newPasswordRequired: unsupported('a new password'),
			mfaRequired: unsupported('an MFA code'),
			totpRequired: unsupported('a TOTP code'),
			customChallenge: unsupported('a custom challenge'),
			mfaSetup: unsupported('MFA setup'),
			selectMFAType: unsupported('an MFA type'),
		});
	});
}

// currentSession resolves with a valid session of user, refreshing its
// tokens with the refresh token when they have expired.
export function currentSession(user) {
	return new Promise((resolve, reject) => {
		user.getSession((err, session) => (err ? reject(err) : resolve(session)));
	});
}

// signOut revokes the refresh token (RevokeToken) and forgets the tokens.
export function signOut(user) {
	return new Promise((resolve) => {
		user.signOut(() => resolve());
	});
}
