"""boto3 with an app client that has a secret: SECRET_HASH is computed the way
AWS documents it and is required on InitiateAuth, including the refresh
flow."""

import base64
import hashlib
import hmac
import os
import unittest

from gatehouse_env import CLIENT_ID, PASSWORD, USERNAME, cognito_idp, jwt_claims

CLIENT_SECRET = os.environ["CLIENT_SECRET"]


def secret_hash(username, client_secret=CLIENT_SECRET):
    digest = hmac.new(
        client_secret.encode(), (username + CLIENT_ID).encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


class SecretHash(unittest.TestCase):
    def setUp(self):
        self.idp = cognito_idp()

    def initiate_auth(self, flow, **params):
        return self.idp.initiate_auth(ClientId=CLIENT_ID, AuthFlow=flow, AuthParameters=params)

    def assert_not_authorized(self, ctx, message):
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], "NotAuthorizedException")
        self.assertEqual(error["Message"], message)

    def test_sign_in_and_refresh_with_secret_hash(self):
        out = self.initiate_auth(
            "USER_PASSWORD_AUTH",
            USERNAME=USERNAME,
            PASSWORD=PASSWORD,
            SECRET_HASH=secret_hash(USERNAME),
        )
        result = out["AuthenticationResult"]
        claims = jwt_claims(result["IdToken"])
        self.assertEqual(claims["cognito:username"], USERNAME)
        self.assertEqual(claims["aud"], CLIENT_ID)

        refreshed = self.initiate_auth(
            "REFRESH_TOKEN_AUTH",
            REFRESH_TOKEN=result["RefreshToken"],
            SECRET_HASH=secret_hash(USERNAME),
        )["AuthenticationResult"]
        self.assertNotIn("RefreshToken", refreshed)
        self.assertEqual(jwt_claims(refreshed["IdToken"])["sub"], claims["sub"])

    def test_missing_secret_hash(self):
        with self.assertRaises(self.idp.exceptions.NotAuthorizedException) as ctx:
            self.initiate_auth("USER_PASSWORD_AUTH", USERNAME=USERNAME, PASSWORD=PASSWORD)
        self.assert_not_authorized(
            ctx, f"Client {CLIENT_ID} is configured with secret but SECRET_HASH was not received"
        )

    def test_wrong_secret_hash(self):
        with self.assertRaises(self.idp.exceptions.NotAuthorizedException) as ctx:
            self.initiate_auth(
                "USER_PASSWORD_AUTH",
                USERNAME=USERNAME,
                PASSWORD=PASSWORD,
                SECRET_HASH=secret_hash(USERNAME, "not-the-secret"),
            )
        self.assert_not_authorized(ctx, f"Unable to verify secret hash for client {CLIENT_ID}")

    def test_srp_is_not_enabled(self):
        with self.assertRaises(self.idp.exceptions.InvalidParameterException) as ctx:
            self.initiate_auth(
                "USER_SRP_AUTH", USERNAME=USERNAME, SRP_A="0a", SECRET_HASH=secret_hash(USERNAME)
            )
        self.assertEqual(
            ctx.exception.response["Error"]["Message"], "USER_SRP_AUTH is not enabled for the client."
        )


if __name__ == "__main__":
    unittest.main()
