"""moto's server (EC2 + S3, as moto_server runs it) plus one fault-injection hook the aws CLI has
no call for: ending an instance the way EC2 itself would, with a chosen StateReason.

  POST /lapack-ai-test/end-instance?id=i-...&code=Server.SpotInstanceTermination

terminates the instance (moto's own terminate) and then sets its StateReason to `code` ("" = no
reason), since moto's terminate-instances always says Client.UserInitiatedShutdown.
Runs under the Python of the venv that holds moto (cloud_common.Moto starts it).

Usage: python3 moto_hooked.py HOST PORT
"""
import sys
import urllib.parse

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.models import ec2_backends
from moto.ec2.models.instances import StateReason
from moto.moto_server.werkzeug_app import (DomainDispatcherApplication, MotoRequestHandler,
                                           create_backend_app)
from werkzeug.serving import run_simple

HOOK = "/lapack-ai-test/end-instance"


def end_instance(query):
    iid, code = query.get("id", [""])[0], query.get("code", [""])[0]
    for backend in ec2_backends[DEFAULT_ACCOUNT_ID].values():
        for reservation in backend.reservations.values():
            for inst in reservation.instances:
                if inst.id == iid:
                    inst.terminate()
                    inst.state_reason = StateReason(f"{code}: test hook" if code else "", code)
                    inst._reason = "Service initiated" if code.startswith("Server.") else ""
                    return True
    return False


def app_with_hook(moto_app):
    def app(environ, start_response):
        if environ.get("PATH_INFO") == HOOK:
            found = end_instance(urllib.parse.parse_qs(environ.get("QUERY_STRING", "")))
            start_response("200 OK" if found else "404 Not Found", [("Content-Type", "text/plain")])
            return [b"ended\n" if found else b"no such instance\n"]
        return moto_app(environ, start_response)
    return app


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    moto_app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, app_with_hook(moto_app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
