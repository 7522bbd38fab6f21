// amazon-cognito-identity-js through a user's whole self-service life:
// signUp, confirmRegistration with the code read from the outbox
// (GET /_gatehouse/outbox), authenticateUser (the default SRP flow),
// getSession, refreshSession, changePassword, forgotPassword and
// confirmPassword, then globalSignOut.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CognitoUserAttribute } from 'amazon-cognito-identity-js';

import {
	callbacks,
	env,
	newUser,
	nodeCallback,
	signIn,
	sleep,
	userPool,
	uuidPattern,
} from './lib/gatehouse.mjs';

// outboxCode returns the code of the newest message of purpose to
// destination in the outbox.
async function outboxCode(destination, purpose) {
	const res = await fetch(`${env.endpoint}/_gatehouse/outbox?destination=${encodeURIComponent(destination)}`);
	assert.equal(res.status, 200);
	const { messages } = await res.json();
	const mine = messages.filter((m) => m.purpose === purpose);
	assert.ok(mine.length > 0, `no ${purpose} message to ${destination} in the outbox`);
	const last = mine[mine.length - 1];
	assert.match(last.code, /^[0-9]{6}$/);
	return last.code;
}

// The email address masked as Cognito masks it: "n***@e***".
const masked = `${env.username[0]}***@${env.username.split('@')[1][0]}***`;

test('self-service life of a user', async (t) => {
	const pool = userPool();
	const email = env.username;
	const passwords = [env.password, `${env.password}-2`, `${env.password}-3`];
	let sub;
	let session;
	let user;

	await t.test('signUp creates an unconfirmed user and sends a code by email', async () => {
		const name = new CognitoUserAttribute({ Name: 'name', Value: 'Node Reader' });
		const result = await nodeCallback((cb) => pool.signUp(email, passwords[0], [name], null, cb));
		assert.equal(result.userConfirmed, false);
		assert.match(result.userSub, uuidPattern);
		assert.deepEqual(result.codeDeliveryDetails, {
			AttributeName: 'email',
			DeliveryMedium: 'EMAIL',
			Destination: masked,
		});
		sub = result.userSub;
	});

	await t.test('an unconfirmed user cannot sign in', async () => {
		const err = await signIn(newUser(email, pool), passwords[0]).then(
			() => assert.fail('an unconfirmed user signed in'),
			(e) => e,
		);
		assert.equal(err.code, 'UserNotConfirmedException');
		assert.equal(err.message, 'User is not confirmed.');
	});

	await t.test('confirmRegistration with the code of the outbox', async () => {
		const code = await outboxCode(email, 'SignUp');
		const wrong = code === '000000' ? '000001' : '000000';
		const err = await nodeCallback((cb) => newUser(email, pool).confirmRegistration(wrong, true, cb)).then(
			() => assert.fail('a wrong code confirmed the user'),
			(e) => e,
		);
		assert.equal(err.code, 'CodeMismatchException');
		assert.equal(err.message, 'Invalid verification code provided, please try again.');
		assert.equal(await nodeCallback((cb) => newUser(email, pool).confirmRegistration(code, true, cb)), 'SUCCESS');
	});

	await t.test('authenticateUser signs in with SRP by the email address', async () => {
		user = newUser(email, pool);
		session = await signIn(user, passwords[0]);
		assert.equal(session.isValid(), true);
		const id = session.getIdToken().payload;
		assert.equal(id.sub, sub);
		assert.equal(id['cognito:username'], sub);
		assert.equal(id.email, email);
		assert.equal(id.email_verified, true);
		assert.equal(id.name, 'Node Reader');
		assert.equal(user.getUsername(), sub);
	});

	await t.test('getSession reads the stored session', async () => {
		const current = pool.getCurrentUser();
		assert.equal(current.getUsername(), sub);
		const stored = await nodeCallback((cb) => current.getSession(cb));
		assert.equal(stored.isValid(), true);
		assert.equal(stored.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
	});

	await t.test('refreshSession returns new tokens', async () => {
		await sleep(1100); // new tokens are issued in a later second
		const refreshed = await nodeCallback((cb) => user.refreshSession(session.getRefreshToken(), cb));
		assert.equal(refreshed.isValid(), true);
		assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
		assert.equal(refreshed.getIdToken().payload.sub, sub);
		session = refreshed;
	});

	await t.test('changePassword: the new password signs in, the old one no longer', async () => {
		const wrong = await nodeCallback((cb) => user.changePassword(`${passwords[0]}x`, passwords[1], cb)).then(
			() => assert.fail('changePassword with a wrong previous password succeeded'),
			(e) => e,
		);
		assert.equal(wrong.code, 'NotAuthorizedException');
		assert.equal(wrong.message, 'Incorrect username or password.');
		assert.equal(await nodeCallback((cb) => user.changePassword(passwords[0], passwords[1], cb)), 'SUCCESS');
		const err = await signIn(newUser(email, userPool()), passwords[0]).then(
			() => assert.fail('the old password still signs in'),
			(e) => e,
		);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Incorrect username or password.');
		const again = await signIn(newUser(email, userPool()), passwords[1]);
		assert.equal(again.getIdToken().payload.sub, sub);
	});

	await t.test('forgotPassword and confirmPassword set another password', async () => {
		const delivery = await new Promise((resolve, reject) => {
			user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve });
		});
		assert.deepEqual(delivery.CodeDeliveryDetails, {
			AttributeName: 'email',
			DeliveryMedium: 'EMAIL',
			Destination: masked,
		});
		const code = await outboxCode(email, 'ForgotPassword');
		const result = await new Promise((resolve, reject) => {
			user.confirmPassword(code, passwords[2], { onSuccess: resolve, onFailure: reject });
		});
		assert.equal(result, 'SUCCESS');
		session = await signIn(user, passwords[2]);
		assert.equal(session.isValid(), true);
	});

	await t.test('globalSignOut ends the session', async () => {
		const refreshToken = session.getRefreshToken();
		assert.equal(await callbacks((cb) => user.globalSignOut(cb)), 'SUCCESS');
		const err = await nodeCallback((cb) => user.refreshSession(refreshToken, cb)).then(
			() => assert.fail('refreshSession succeeded after globalSignOut'),
			(e) => e,
		);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Refresh Token has been revoked');
	});
});
