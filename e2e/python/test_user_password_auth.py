"""boto3's cognito-idp client, unsigned: InitiateAuth with USER_PASSWORD_AUTH
and REFRESH_TOKEN_AUTH, GetUser with the access token, and Cognito's errors
as botocore reports them."""

import unittest

from gatehouse_env import (
    CLIENT_ID,
    ISSUER,
    PASSWORD,
    USER_ATTRIBUTES,
    USERNAME,
    cognito_idp,
    jwt_claims,
)


class UserPasswordAuth(unittest.TestCase):
    def setUp(self):
        self.idp = cognito_idp()

    def sign_in(self, password=PASSWORD, username=USERNAME):
        return self.idp.initiate_auth(
            ClientId=CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )

    def refresh(self, refresh_token):
        return self.idp.initiate_auth(
            ClientId=CLIENT_ID,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )

    def assert_error(self, ctx, code, message):
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], code)
        self.assertEqual(error["Message"], message)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_initiate_auth_then_get_user(self):
        out = self.sign_in()
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertTrue(out["ResponseMetadata"]["RequestId"])
        self.assertNotIn("ChallengeName", out)
        result = out["AuthenticationResult"]
        self.assertEqual(
            sorted(result), ["AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"]
        )
        self.assertEqual(result["ExpiresIn"], 3600)
        self.assertEqual(result["TokenType"], "Bearer")

        id_claims = jwt_claims(result["IdToken"])
        self.assertEqual(id_claims["token_use"], "id")
        self.assertEqual(id_claims["aud"], CLIENT_ID)
        self.assertEqual(id_claims["iss"], ISSUER)
        self.assertEqual(id_claims["email"], USER_ATTRIBUTES["email"])
        self.assertIs(id_claims["email_verified"], True)
        access_claims = jwt_claims(result["AccessToken"])
        self.assertEqual(access_claims["token_use"], "access")
        self.assertEqual(access_claims["client_id"], CLIENT_ID)
        self.assertEqual(access_claims["scope"], "aws.cognito.signin.user.admin")

        user = self.idp.get_user(AccessToken=result["AccessToken"])
        self.assertEqual(user["Username"], id_claims["cognito:username"])
        self.assertEqual(user["Username"], access_claims["username"])
        attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
        self.assertEqual(attributes, {**USER_ATTRIBUTES, "sub": id_claims["sub"]})

    def test_refresh_token_auth(self):
        first = self.sign_in()["AuthenticationResult"]
        result = self.refresh(first["RefreshToken"])["AuthenticationResult"]
        self.assertNotIn("RefreshToken", result)
        self.assertEqual(result["ExpiresIn"], 3600)
        self.assertEqual(result["TokenType"], "Bearer")
        self.assertEqual(jwt_claims(result["IdToken"])["sub"], jwt_claims(first["IdToken"])["sub"])
        self.assertEqual(jwt_claims(result["AccessToken"])["token_use"], "access")

    def test_global_sign_out_revokes_every_session(self):
        before = self.sign_in()["AuthenticationResult"]
        signing_out = self.sign_in()["AuthenticationResult"]
        self.idp.global_sign_out(AccessToken=signing_out["AccessToken"])
        after = self.sign_in()["AuthenticationResult"]

        for name, session in (("signing-out", signing_out), ("earlier", before)):
            with self.subTest(session=name):
                with self.assertRaises(self.idp.exceptions.NotAuthorizedException) as ctx:
                    self.refresh(session["RefreshToken"])
                self.assert_error(ctx, "NotAuthorizedException", "Refresh Token has been revoked")
                with self.assertRaises(self.idp.exceptions.NotAuthorizedException) as ctx:
                    self.idp.get_user(AccessToken=session["AccessToken"])
                self.assert_error(ctx, "NotAuthorizedException", "Access Token has been revoked")

        # A session begun after the sign-out is not revoked.
        self.assertEqual(self.idp.get_user(AccessToken=after["AccessToken"])["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertIn("AccessToken", self.refresh(after["RefreshToken"])["AuthenticationResult"])

    def test_wrong_password(self):
        with self.assertRaises(self.idp.exceptions.NotAuthorizedException) as ctx:
            self.sign_in(password=PASSWORD + "x")
        self.assert_error(ctx, "NotAuthorizedException", "Incorrect username or password.")

    def test_unknown_client(self):
        with self.assertRaises(self.idp.exceptions.ResourceNotFoundException) as ctx:
            self.idp.initiate_auth(
                ClientId="nosuchclient0000000000000a",
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": USERNAME, "PASSWORD": PASSWORD},
            )
        self.assert_error(
            ctx, "ResourceNotFoundException", "User pool client nosuchclient0000000000000a does not exist."
        )

    def test_get_user_with_a_malformed_token(self):
        with self.assertRaises(self.idp.exceptions.NotAuthorizedException) as ctx:
            self.idp.get_user(AccessToken="not-a-jwt")
        self.assert_error(ctx, "NotAuthorizedException", "Invalid Access Token")


if __name__ == "__main__":
    unittest.main()
