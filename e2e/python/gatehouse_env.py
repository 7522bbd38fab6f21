"""Shared by the boto3 end-to-end test modules: the environment the Go test
in e2e/ sets, and boto3 clients pointed at Gatehouse."""

import base64
import json
import os

import boto3
from botocore import UNSIGNED
from botocore.config import Config


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(
            f"{name} is not set: run ./scripts/test, whose Go tests in e2e/ "
            "start gatehouse and run this module"
        )
    return value


ENDPOINT = _required("GATEHOUSE_ENDPOINT")
USER_POOL_ID = _required("USER_POOL_ID")
CLIENT_ID = _required("CLIENT_ID")
USERNAME = _required("USERNAME")
PASSWORD = _required("PASSWORD")
ISSUER = os.environ.get("ISSUER")
USER_ATTRIBUTES = json.loads(os.environ.get("USER_ATTRIBUTES") or "{}")
REGION = "us-east-1"


def cognito_idp(signed=False):
    """A cognito-idp client of Gatehouse; unsigned for the public operations
    (InitiateAuth, GetUser, ...), signed with the environment's keys for the
    admin operations."""
    config = None if signed else Config(signature_version=UNSIGNED)
    return boto3.client(
        "cognito-idp", endpoint_url=ENDPOINT, region_name=REGION, config=config
    )


def jwt_claims(token):
    """The payload of a JWT, not verified (the Node JWKS test verifies)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError(f"a JWT has 3 parts, this one {len(parts)}")
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))
