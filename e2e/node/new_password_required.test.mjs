// amazon-cognito-identity-js and a user created by an administrator
// (AdminCreateUser) with a temporary password: authenticateUser (SRP) calls
// newPasswordRequired; completeNewPasswordChallenge sets the new password
// and signs in.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { AuthenticationDetails } from 'amazon-cognito-identity-js';

import { env, newUser, signIn, userPool, uuidPattern } from './lib/gatehouse.mjs';

const newPassword = process.env.NEW_PASSWORD;

test('a temporary password must be replaced at the first sign-in', async (t) => {
	assert.ok(newPassword, 'NEW_PASSWORD is not set');
	const pool = userPool();
	const user = newUser(env.username, pool);
	let challenge;

	await t.test('authenticateUser calls newPasswordRequired', async () => {
		challenge = await new Promise((resolve, reject) => {
			const details = new AuthenticationDetails({ Username: env.username, Password: env.password });
			user.authenticateUser(details, {
				onSuccess: () => reject(new Error('signed in with a temporary password')),
				onFailure: reject,
				newPasswordRequired: (userAttributes, requiredAttributes) => resolve({ userAttributes, requiredAttributes }),
			});
		});
		assert.equal(challenge.userAttributes.email, env.username);
		assert.equal(challenge.userAttributes.name, 'Invited Reader');
		assert.deepEqual(challenge.requiredAttributes, []);
	});

	await t.test('completeNewPasswordChallenge sets the password and signs in', async () => {
		const session = await new Promise((resolve, reject) => {
			user.completeNewPasswordChallenge(newPassword, {}, {
				onSuccess: resolve,
				onFailure: reject,
			});
		});
		assert.equal(session.isValid(), true);
		const id = session.getIdToken().payload;
		assert.match(id.sub, uuidPattern);
		assert.equal(id.email, env.username);
		assert.equal(id.aud, env.clientId);
		assert.equal(id['cognito:username'], id.sub);
		assert.ok(session.getRefreshToken().getToken());
	});

	await t.test('the new password signs in, the temporary one no longer', async () => {
		const session = await signIn(newUser(env.username, userPool()), newPassword);
		assert.equal(session.getIdToken().payload.email, env.username);
		const err = await signIn(newUser(env.username, userPool()), env.password).then(
			() => assert.fail('signed in with the temporary password'),
			(e) => e,
		);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Incorrect username or password.');
	});
});
