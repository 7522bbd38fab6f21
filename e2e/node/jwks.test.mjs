// The pool's JWKS and OpenID discovery documents, used the way a resource
// server does: Node's own crypto verifies the RS256 signatures of the tokens
// with the published keys.
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { test } from 'node:test';

import { decodeJwt, env, newUser, signIn } from './lib/gatehouse.mjs';

async function getJSON(url) {
	const res = await fetch(url);
	assert.equal(res.status, 200, `GET ${url}: ${res.status}`);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	return res.json();
}

test('tokens verify with the pool\'s JWKS', async (t) => {
	const session = await signIn(newUser(), env.password);
	const jwksURL = `${env.endpoint}/${env.userPoolId}/.well-known/jwks.json`;
	const jwks = await getJSON(jwksURL);
	assert.ok(Array.isArray(jwks.keys) && jwks.keys.length > 0, 'the JWKS has no keys');
	for (const key of jwks.keys) {
		assert.equal(key.kty, 'RSA');
		assert.equal(key.alg, 'RS256');
		assert.equal(key.use, 'sig');
		assert.equal(key.e, 'AQAB');
		assert.equal(typeof key.kid, 'string');
		assert.equal(key.d, undefined, 'the JWKS publishes a private key');
	}

	const publicKey = (kid) => {
		const jwk = jwks.keys.find((k) => k.kid === kid);
		assert.ok(jwk, `no key ${kid} in the JWKS`);
		return createPublicKey({ key: jwk, format: 'jwk' });
	};

	for (const [use, token] of [
		['id', session.getIdToken().getJwtToken()],
		['access', session.getAccessToken().getJwtToken()],
	]) {
		await t.test(`the ${use} token`, () => {
			const jwt = decodeJwt(token);
			assert.equal(jwt.header.alg, 'RS256');
			const key = publicKey(jwt.header.kid);
			assert.equal(verify('RSA-SHA256', Buffer.from(jwt.signingInput), key, jwt.signature), true,
				'the signature does not verify');
			assert.equal(jwt.payload.iss, env.issuer);
			assert.equal(jwt.payload.token_use, use);
			assert.ok(jwt.payload.exp > Date.now() / 1000, 'the token has expired');

			// A changed payload must not verify with the same signature.
			const [header, payload] = jwt.signingInput.split('.');
			const forged = Buffer.from(JSON.stringify({ ...jwt.payload, sub: 'someone-else' })).toString('base64url');
			assert.notEqual(forged, payload);
			assert.equal(verify('RSA-SHA256', Buffer.from(`${header}.${forged}`), key, jwt.signature), false,
				'a forged payload verifies');
		});
	}

	await t.test('the OpenID discovery document points at the JWKS', async () => {
		const doc = await getJSON(`${env.endpoint}/${env.userPoolId}/.well-known/openid-configuration`);
		assert.equal(doc.issuer, env.issuer);
		assert.equal(doc.jwks_uri, jwksURL);
		assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
	});
});
