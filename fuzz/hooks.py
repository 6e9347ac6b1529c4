"""Schemathesis hooks for fuzz/run.sh: keep the fuzzer from revoking the token it runs on."""

import os

import schemathesis

# The id of the API token the run authenticates with; revoking it would turn the rest of
# the run into 401s. Requests to revoke it are sent for a token that does not exist instead.
PROTECTED_TOKEN_ID = os.environ.get("FUZZ_TOKEN_ID", "")
UNKNOWN_TOKEN_ID = "00000000-0000-0000-0000-000000000000"


@schemathesis.hook
def before_call(context, case, kwargs):
    if (
        case.method.upper() == "DELETE"
        and case.path.endswith("/tokens/{id}")
        and str(case.path_parameters.get("id", "")).lower() == PROTECTED_TOKEN_ID
    ):
        case.path_parameters["id"] = UNKNOWN_TOKEN_ID
