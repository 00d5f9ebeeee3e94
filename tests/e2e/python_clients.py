"""Segment's and RudderStack's published Python libraries sending every call type, gzipped,
to a collector; run by tests/e2e/collector_clients.test.mjs with the venv that
scripts/install.sh makes (.venv). Prints one JSON object: what each library reported."""
import json
import sys

import rudderstack.analytics.client as rudder
import segment.analytics.client as segment

host, write_key = sys.argv[1], sys.argv[2]
report = {}


def every_call(client, user):
    client.track(user, "Signed Up", {"plan": "pro", "big": 12345678901234567890123})
    client.identify(user, {"email": user + "@acme.com"})
    client.page(user, "Docs", "Pricing", {"path": "/pricing"})
    client.screen(user, "App", "Home", {"variant": "b"})
    client.group(user, "acme", {"name": "Acme Inc"})
    client.alias(user + "-anon", user)


for name, module, user in [("segment", segment, "py-seg"), ("rudder", rudder, "py-rudder")]:
    errors = []
    client = module.Client(
        write_key,
        host=host,
        gzip=True,
        sync_mode=True,
        max_retries=0,
        on_error=lambda e, batch, errors=errors: errors.append(str(e)),
    )
    every_call(client, user)
    client.flush()
    report[name] = {"errors": errors}

# A wrong write key: RudderStack's library reads `code` and `message` from the error body.
try:
    rudder.Client("not-the-key", host=host, gzip=True, sync_mode=True, max_retries=0).track(
        "py-rudder", "Refused"
    )
    report["wrong_key"] = "no error raised"
except Exception as e:  # the library's APIError, with the collector's code and message
    report["wrong_key"] = {
        "type": type(e).__name__,
        "status": getattr(e, "status", None),
        "code": getattr(e, "code", None),
        "message": getattr(e, "message", None),
    }

print(json.dumps(report))
