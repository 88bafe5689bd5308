#!/usr/bin/env python3
"""Contract fuzzing: schemathesis against api/openapi.yaml, on the real server binary.

Starts `appkeys-server` on a free port over a temporary SQLite file with the demo accounts, signs in,
creates a key (in bob's account, so alice's fuzzed deletes cannot remove it) and exchanges it for an
access token, then runs schemathesis with each security scheme of the contract filled in with a real
credential: alice's session for the console endpoints, bob's key for /token, its access token for
/whoami. Sign-out runs last, on its own session, so it does not end the session the rest use.

Checks: not_a_server_error, response_schema_conformance, status_code_conformance,
content_type_conformance, response_headers_conformance. Prints the number of requests sent and of
failures; exits non-zero on any failure.

    tests/contract/run_schemathesis.py             # short: 30 examples per operation
    tests/contract/run_schemathesis.py --long      # 300 examples per operation
    tests/contract/run_schemathesis.py --examples N --seed S
    tests/contract/run_schemathesis.py --db postgres://postgres@127.0.0.1:PORT/EMPTY_DB   # on PostgreSQL

The venv lives in target/contract-venv (schemathesis pinned below). `cargo xtask test` runs the short
form, `cargo xtask fuzz` the long one.
"""

import argparse
import base64
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

SCHEMATHESIS = "4.32.5"
ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / "target" / "contract-venv"
SPEC = ROOT / "api" / "openapi.yaml"
# Every check schemathesis has (`all`): conformance of status, body, content type and headers, no 5xx,
# schema-violating requests refused, schema-valid ones accepted, auth not ignored, deleted keys gone.
# Five exceptions, in the config, for rules that OpenAPI cannot express, so that a schema-valid
# request is rightly answered 400: /token takes grant_type from the query or the form body (an
# either-or), a key's expires_at must be at least an hour after the server's now (a bound that
# moves), which most generated date-times are not, and a bulk delete must not name one key twice in
# two spellings (uniqueItems compares the strings, the server the UUIDs they spell). An entry of
# allowed_networks must be a real address or range without host bits, unique once normalised (the
# pattern only names its characters): that answers a create or a change with 400 too, and so does
# an introspection's caller_ip that is not a real address. The create's
# other 400s (the description rules) stay checked by negative_data_rejection and by
# server/tests/props.rs.
CHECKS = "all"
# The resource server allowed to introspect (a test credential, not a secret of anything).
RESOURCE_SERVER = ("contract", "contract-resource-server-secret")
EXCEPTIONS = """
[[operations]]
include-operation-id = "issueToken"
[operations.checks.positive_data_acceptance]
enabled = false

[[operations]]
include-operation-id = "createApplicationKey"
[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-operation-id = "renameApplicationKey"
[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-operation-id = "introspectToken"
[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "404", "429"]

[[operations]]
include-operation-id = "deleteApplicationKeys"
[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]
"""


def log(message):
    print(f"[contract] {message}", flush=True)


def ensure_schemathesis():
    exe = VENV / "bin" / "schemathesis"
    if exe.exists():
        out = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
        if SCHEMATHESIS in out.stdout:
            return exe
    log(f"installing schemathesis=={SCHEMATHESIS} into {VENV}")
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "--quiet", f"schemathesis=={SCHEMATHESIS}"],
        check=True,
    )
    return exe


def call(method, url, body=None, headers=None):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


class Server:
    def __init__(self, binary, workdir, password, db):
        self.log_path = workdir / "server.log"
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [
                str(binary),
                "--listen", "127.0.0.1:0",
                "--db", db,
                "--demo", "--demo-password", password, "--light-password-hash",
                # Fuzzed creates never hit the key limit, so creates stay creates.
                "--max-keys", "1000000",
                # Leak reports on, so that their checks (signature headers, 401) are reached; the
                # key's private half was thrown away: no fuzzed report is ever accepted.
                "--scanning-keys", str(ROOT / "tests" / "contract" / "scanning-keys.json"),
                # Fuzzed sign-ins and token exchanges guess wrong on purpose; the throttles
                # (server/tests/hardening.rs) would answer the harness's own sign-in with 429.
                "--sign-in-failures", "1000000",
                "--token-failures-per-minute", "1000000",
                # Introspection on, for the resource server whose credentials the config holds.
                "--resource-server", f"{RESOURCE_SERVER[0]}:{RESOURCE_SERVER[1]}",
            ],
            stdout=subprocess.PIPE,
            stderr=self.log_file,
            env={**os.environ, "RUST_LOG": "warn"},
        )
        line = self.process.stdout.readline().decode().strip()
        prefix = "appkeys-server listening on "
        if not line.startswith(prefix):
            self.stop()
            raise SystemExit(f"unexpected start line {line!r}; log: {self.log_path.read_text()}")
        self.base = line[len(prefix):] + "/api/1.0"

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log_file.close()


def sign_in(server, user, password):
    status, body = call("POST", f"{server.base}/session", {"username": user, "password": password})
    assert status == 200, (status, body)
    return body["data"]["token"]


def toml_string(value):
    return json.dumps(value)  # a JSON string is a valid TOML basic string for these values


def write_config(path, session, client_id, secret, access_token):
    path.write_text(
        "\n".join(
            [
                "[auth.openapi.consoleBearer]",
                f"bearer = {toml_string(session)}",
                "[auth.openapi.sessionCookie]",
                f"api_key = {toml_string(session)}",
                "[auth.openapi.clientBasic]",
                f"username = {toml_string(client_id)}",
                f"password = {toml_string(secret)}",
                "[auth.openapi.accessToken]",
                f"bearer = {toml_string(access_token)}",
                "[auth.openapi.resourceServerBasic]",
                f"username = {toml_string(RESOURCE_SERVER[0])}",
                f"password = {toml_string(RESOURCE_SERVER[1])}",
                "",
            ]
        )
        + EXCEPTIONS
    )


def run_schemathesis(exe, spec, config, base, examples, seed, checks, workdir, name, selection):
    har = workdir / f"{name}.har"
    junit = workdir / f"{name}.xml"
    command = [
        str(exe), "--config-file", str(config), "run", str(spec),
        "--url", base,
        "--max-examples", str(examples),
        "--generation-database", "none",
        "--request-timeout", "30",
        "--report", "har,junit",
        "--report-har-path", str(har),
        "--report-junit-path", str(junit),
        "--no-color",
        *selection,
    ]
    if checks != "all":
        command += ["--checks", checks]
    if seed is not None:
        command += ["--seed", str(seed)]
    log(f"run {name}: schemathesis {' '.join(command[4:])}")
    result = subprocess.run(command, cwd=workdir)
    entries = json.loads(har.read_text())["log"]["entries"] if har.exists() else []
    return result.returncode, entries, junit


def operation_path(path):
    """The contract's path for a requested one: fuzzed client_ids grouped under `{client_id}`."""
    static = ("/application-keys/policy", "/application-keys/delete")
    if not path.startswith("/application-keys/") or path in static:
        return path
    if path.endswith("/rotate"):
        return "/application-keys/{client_id}/rotate"
    return "/application-keys/{client_id}"


def junit_failures(path):
    if not path.exists():
        return None
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    return sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--long", action="store_true", help="300 examples per operation")
    parser.add_argument("--examples", type=int, help="examples per operation (default 30, or 300 with --long)")
    parser.add_argument("--seed", type=int, help="schemathesis seed, to reproduce a run")
    parser.add_argument("--server-bin", type=Path, default=ROOT / "target" / "debug" / "appkeys-server")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (reports, log)")
    parser.add_argument("--checks", default=CHECKS, help="schemathesis checks, comma-separated (default: all)")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI file (default api/openapi.yaml)")
    parser.add_argument(
        "--db",
        help="the server's database: a postgres:// URL of an empty database (it is left filled), or a "
        "SQLite file; default: a new SQLite file in the temporary directory",
    )
    args = parser.parse_args()
    examples = args.examples or (300 if args.long else 30)

    exe = ensure_schemathesis()
    if not args.server_bin.exists():
        subprocess.run(["cargo", "build", "--package", "appkeys-server"], cwd=ROOT, check=True)

    workdir = Path(tempfile.mkdtemp(prefix="appkeys-contract-"))
    # The contract's own example for POST /session uses this password: with it, the examples phase
    # signs in for real. A throwaway server on loopback.
    password = "demo-password"
    db = args.db or str(workdir / "contract.db")
    server = Server(args.server_bin, workdir, password, db)
    failed = True
    try:
        log(f"server on {server.base}, database {db}")
        bob = sign_in(server, "bob", password)
        status, body = call(
            "POST", f"{server.base}/application-keys", {"description": "contract fuzzing"},
            {"Authorization": f"Bearer {bob}"},
        )
        assert status == 200, (status, body)
        client_id, secret = body["data"]["client_id"], body["data"]["secret"]
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        status, body = call(
            "POST", f"{server.base}/token?grant_type=client_credentials", None,
            {"Authorization": f"Basic {basic}"},
        )
        assert status == 200, (status, body)
        access_token = body["access_token"]

        runs = []
        for name, selection in [
            ("operations", ["--exclude-operation-id", "signOut"]),
            ("sign-out", ["--include-operation-id", "signOut"]),
        ]:
            config = workdir / f"{name}.toml"
            write_config(config, sign_in(server, "alice", password), client_id, secret, access_token)
            runs.append(
                run_schemathesis(
                    exe, args.spec, config, server.base, examples, args.seed, args.checks, workdir, name, selection
                )
            )

        requests = sum(len(entries) for _, entries, _ in runs)
        by_operation = collections.Counter()
        for _, entries, _ in runs:
            for entry in entries:
                url = entry["request"]["url"].split("?")[0]
                path = url.split("/api/1.0", 1)[-1]
                path = operation_path(path)
                by_operation[(entry["request"]["method"], path, entry["response"]["status"])] += 1
        failures = sum((junit_failures(j) or 0) for _, _, j in runs)
        exit_codes = [code for code, _, _ in runs]
        server_errors = sum(n for (_, _, status), n in by_operation.items() if status >= 500)

        log("requests by operation and status:")
        for (method, path, status), n in sorted(by_operation.items()):
            log(f"  {method:6} {path:32} {status}: {n}")
        alive = server.alive()
        log(
            f"contract figures: examples per operation {examples}, requests {requests}, "
            f"5xx {server_errors}, failures {failures}, schemathesis exit codes {exit_codes}, "
            f"server alive after the run {alive}"
        )
        failed = any(exit_codes) or failures or server_errors or not alive or requests == 0
    finally:
        server.stop()
        if failed or args.keep:
            log(f"reports and server log kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
