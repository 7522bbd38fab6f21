// amazon-cognito-identity-js failing to sign in: Cognito's error code and
// message reach onFailure, for both flows, and an unknown user gets the
// same answer as a wrong password.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { env, newUser, signIn } from './lib/gatehouse.mjs';

async function failure(username, password, flow) {
	return signIn(newUser(username), password, flow).then(
		() => assert.fail(`${flow || 'USER_SRP_AUTH'} sign-in of ${username} succeeded`),
		(err) => err,
	);
}

for (const flow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH']) {
	test(`${flow}: a wrong password is NotAuthorizedException`, async () => {
		const err = await failure(env.username, `${env.password}x`, flow);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Incorrect username or password.');
	});

	test(`${flow}: an unknown user is NotAuthorizedException too`, async () => {
		const err = await failure(`nobody-${flow.toLowerCase()}@example.com`, env.password, flow);
		assert.equal(err.code, 'NotAuthorizedException');
		assert.equal(err.message, 'Incorrect username or password.');
	});
}

test('the right password still signs in after the failures', async () => {
	const session = await signIn(newUser(), env.password);
	assert.equal(session.isValid(), true);
	assert.equal(session.getIdToken().payload.email, env.userAttributes.email);
});
