"""SIGKILL reliability run for lead intake; started by scripts/reliability (read its header).

Posts distinct inquiries to `POST /inbound/email/{token}` from a few concurrent clients, kills
the server with SIGKILL at a random moment, restarts it, re-posts whatever got no 2xx answer
(as a mail relay does), waits until the job queue is drained, and checks in the database that
nothing was lost or done twice. Exit code 0: every check held; 1: a check failed; 2: the run
itself could not be done (server did not start, ...).
"""

import argparse
import glob
import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

ADMIN = "admin@demo.immivo.local"
PASSWORD = "Reliability-Passwort-1"


def log(msg):
    print(msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def letters(n):
    out = ""
    while True:
        out += chr(ord("a") + n % 26)
        n //= 26
        if n == 0:
            return out


# ---------------------------------------------------------------- the inquiries


def load_fixtures(root):
    """The saved portal mails that hold an inquiry, with what the parser extracts from them."""
    fixtures = []
    for path in sorted(glob.glob(os.path.join(root, "domain/src/intake/parse/fixtures/inbound/*.eml"))):
        expected = json.load(open(path[:-4] + ".json", encoding="utf-8"))
        if expected.get("portal"):
            fixtures.append((os.path.basename(path), open(path, "rb").read(), expected))
    return fixtures


def unique_mail(raw, expected, run, n):
    """The fixture as a new person's mail: a new Message-ID always; the contact's email, phone
    and last name changed where they stand literally in the bytes (not inside base64 parts, so
    a few fixtures repeat a person and are merged into one lead, as intake should do)."""
    message_id = f"<rel-{run}-{n}@reliability.immivo.local>"
    header_end = raw.find(b"\n\n")
    if header_end < 0:
        header_end = raw.find(b"\r\n\r\n")
    head, body = raw[:header_end], raw[header_end:]
    head, found = re.subn(rb"(?im)^message-id:[ \t]*[^\r\n]*(\r?\n[ \t]+[^\r\n]*)*", b"Message-ID: " + message_id.encode(), head)
    if not found:
        head = b"Message-ID: " + message_id.encode() + b"\n" + head
    raw = head + body
    email = expected.get("email")
    if email and email.encode() in raw:
        raw = raw.replace(email.encode(), f"r{n}.{email}".encode())
    phone = expected.get("phone")
    if phone and phone.encode() in raw:
        digits = [i for i, c in enumerate(phone) if c.isdigit()]
        new = list(phone)
        for pos, d in zip(digits[-4:], f"{n % 10000:04d}"):
            new[pos] = d
        raw = raw.replace(phone.encode(), "".join(new).encode())
    last = expected.get("last_name")
    if last and len(last) > 2 and last.encode() in raw:
        raw = re.sub(rb"\b" + re.escape(last.encode()) + rb"\b", (last + letters(n).capitalize()).encode(), raw)
    return message_id.strip("<>"), raw


# ---------------------------------------------------------------- the server


class Server:
    def __init__(self, binary, db_url, workdir, root):
        self.binary, self.db_url, self.workdir, self.root = binary, db_url, workdir, root
        self.port = free_port()
        self.proc = None
        self.starts = 0

    def start(self, timeout=60):
        self.starts += 1
        env = dict(os.environ)
        env.update({
            "IMMIVO_DATABASE_URL": self.db_url,
            "IMMIVO_BIND": f"127.0.0.1:{self.port}",
            "IMMIVO_SEED_DEMO": "true",
            "IMMIVO_DEMO_PASSWORD": PASSWORD,
            "IMMIVO_SESSION_SECRET": "reliability-session-secret-0123456789",
            "RUST_LOG": env.get("RUST_LOG", "warn"),
        })
        logfile = open(os.path.join(self.workdir, f"server-{self.starts}.log"), "wb")
        self.proc = subprocess.Popen([self.binary, "serve"], env=env, cwd=self.root, stdout=logfile, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}; see {logfile.name}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer /health within {timeout}s; see {logfile.name}")

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def inbound_token(self):
        """Signed in as the demo admin, the office's inbound address through GraphQL."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request("POST", "/api/login", json.dumps({"email": ADMIN, "password": PASSWORD}), {"content-type": "application/json"})
        r = c.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"login as {ADMIN}: HTTP {r.status}")
        cookie = r.getheader("set-cookie").split(";")[0]
        c.request("POST", "/graphql", json.dumps({"query": "{ inboundAddress }"}), {"content-type": "application/json", "cookie": cookie})
        answer = json.loads(c.getresponse().read())
        if "errors" in answer:
            raise RuntimeError(f"inboundAddress: {answer['errors']}")
        return answer["data"]["inboundAddress"].rsplit("/", 1)[1]


# ---------------------------------------------------------------- posting


class Poster:
    """Posts mails from `clients` threads; records every answer per Message-ID."""

    def __init__(self, port, token, clients):
        self.port, self.path, self.clients = port, f"/inbound/email/{token}", clients
        self.lock = threading.Lock()
        self.answers = {}  # message id -> (http status, body) of the last answer, or None
        self.done = 0

    def post(self, mail):
        mid, raw = mail
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            c.request("POST", self.path, raw, {"content-type": "message/rfc822"})
            r = c.getresponse()
            status, body = r.status, r.read()
            c.close()
            try:
                body = json.loads(body)
            except ValueError:
                body = body[:200]
            answer = (status, body)
        except (OSError, http.client.HTTPException) as e:
            answer = (None, repr(e))
        with self.lock:
            self.answers[mid] = answer
            self.done += 1

    def run(self, mails, on_progress=None):
        queue = list(mails)
        queue.reverse()

        def worker():
            while True:
                with self.lock:
                    if not queue:
                        return
                    mail = queue.pop()
                self.post(mail)
                if on_progress:
                    on_progress(self.done)

        threads = [threading.Thread(target=worker) for _ in range(self.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def accepted(self, mid):
        a = self.answers.get(mid)
        return a is not None and a[0] is not None and 200 <= a[0] < 300


# ---------------------------------------------------------------- the database


class Store:
    def __init__(self, sqlite_path=None, pg_url=None):
        self.sqlite_path, self.pg_url = sqlite_path, pg_url

    def rows(self, sql):
        if self.sqlite_path:
            con = sqlite3.connect(self.sqlite_path, timeout=30)
            try:
                return [tuple(r) for r in con.execute(sql).fetchall()]
            finally:
                con.close()
        out = subprocess.run(["psql", self.pg_url, "-X", "-q", "-At", "-F", "\x1f", "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(None if v == "" else v for v in line.split("\x1f")) for line in out.splitlines()]

    def has_table(self, name):
        if self.sqlite_path:
            return bool(self.rows(f"SELECT 1 FROM sqlite_master WHERE type='table' AND name='{name}'"))
        return bool(self.rows(f"SELECT 1 FROM information_schema.tables WHERE table_name='{name}'"))

    def pending(self):
        jobs = self.rows("SELECT count(*) FROM jobs WHERE status IN ('QUEUED','RUNNING')")[0][0] if self.has_table("jobs") else 0
        received = self.rows("SELECT count(*) FROM inbound_emails WHERE status = 'RECEIVED'")[0][0]
        return int(jobs), int(received)


# ---------------------------------------------------------------- the checks


def check(store, poster, mails):
    failures, notes = [], []
    sent = {mid for mid, _ in mails}
    accepted = {mid for mid in sent if poster.accepted(mid)}
    never = sent - accepted
    if never:
        failures.append(f"{len(never)} inquiries never got a 2xx answer, even after re-posting (e.g. {sorted(never)[:3]}: {poster.answers.get(sorted(never)[0])})")

    inbound = store.rows("SELECT message_id, status, lead_id, error FROM inbound_emails")
    by_mid = {}
    for mid, status, lead, error in inbound:
        by_mid.setdefault(mid, []).append((status, lead, error))
    counts = {"PARSED": 0, "FAILED": 0, "RECEIVED": 0, "UNRECOGNISED": 0}
    twice, missing, received, unrecognised, failed_silent = [], [], [], [], []
    for mid in accepted:
        found = by_mid.get(mid, [])
        if len(found) != 1:
            (missing if not found else twice).append(mid)
            continue
        status, lead, error = found[0]
        counts[status] = counts.get(status, 0) + 1
        if status == "PARSED" and lead is None:
            failures.append(f"{mid} is PARSED without a lead")
        elif status == "FAILED" and not error:
            failed_silent.append(mid)
        elif status == "RECEIVED":
            received.append(mid)
        elif status == "UNRECOGNISED":
            unrecognised.append(mid)
    if missing:
        failures.append(f"{len(missing)} accepted inquiries are not in inbound_emails (e.g. {missing[:3]})")
    if twice:
        failures.append(f"{len(twice)} accepted inquiries are stored more than once (e.g. {twice[:3]})")
    if received:
        failures.append(f"{len(received)} accepted inquiries were left RECEIVED: stored, never parsed into a lead (e.g. {received[:3]})")
    if unrecognised:
        failures.append(f"{len(unrecognised)} inquiries were not recognised (e.g. {unrecognised[:3]})")
    if failed_silent:
        failures.append(f"{len(failed_silent)} FAILED without a reason (e.g. {failed_silent[:3]})")
    stray = [mid for mid in by_mid if mid not in sent]
    if stray:
        notes.append(f"{len(stray)} rows in inbound_emails that this run did not send")
    if counts["FAILED"]:
        reasons = store.rows("SELECT error, count(*) FROM inbound_emails WHERE status='FAILED' GROUP BY error")
        notes.append(f"FAILED with reasons: {reasons}")

    # Jobs, whatever they are: all finished, none dead.
    job_kinds = []
    if store.has_table("jobs"):
        by_status = store.rows("SELECT status, count(*) FROM jobs GROUP BY status ORDER BY status")
        notes.append(f"jobs by status: {dict((s, int(n)) for s, n in by_status) or 'none'}")
        open_jobs = store.rows("SELECT kind, status, count(*) FROM jobs WHERE status IN ('QUEUED','RUNNING') GROUP BY kind, status")
        if open_jobs:
            failures.append(f"jobs not finished: {open_jobs}")
        # Auto-click follows the portals' real links: without internet (loopback only, as here)
        # it cannot reach them, retries and ends DEAD with the reason, as designed. Any other
        # dead job is a failure.
        dead = store.rows("SELECT kind, count(*), max(last_error) FROM jobs WHERE status = 'DEAD' GROUP BY kind")
        offline_clicks = [d for d in dead if d[0] == "lead.auto_click" and "cannot resolve" in (d[2] or "")]
        if offline_clicks:
            notes.append(f"auto-click without internet, kept DEAD with its reason: {offline_clicks}")
        dead = [d for d in dead if d not in offline_clicks]
        if dead:
            failures.append(f"DEAD jobs: {dead}")
        job_kinds = [k for (k,) in store.rows("SELECT DISTINCT kind FROM jobs")]
        retried = store.rows("SELECT kind, count(*) FROM jobs WHERE attempts > 1 GROUP BY kind")
        if retried:
            notes.append(f"jobs that ran more than once (a worker killed mid-job, or a retry): {retried}")

    # Effects exactly once, per lead: one SENTIMENT activity and one stored message per inbound
    # mail that became (or was merged into) the lead.
    parsed_per_lead = dict((lead, int(n)) for lead, n in store.rows(
        "SELECT lead_id, count(*) FROM inbound_emails WHERE status='PARSED' AND lead_id IS NOT NULL GROUP BY lead_id"))
    sentiment_per_lead = dict((lead, int(n)) for lead, n in store.rows(
        "SELECT lead_id, count(*) FROM lead_activities WHERE kind='SENTIMENT' GROUP BY lead_id"))
    # Once sentiment is a job (`lead.sentiment`), the check is strict for every lead; before that,
    # a lead whose inbound row a kill left RECEIVED has its inline sentiment but no PARSED row.
    sentiment_jobs = any("sentiment" in k for k in job_kinds)
    received_leads = set()
    if not sentiment_jobs:
        received_leads = {lead for (lead,) in store.rows(
            "SELECT DISTINCT l.id FROM leads l JOIN messages m ON m.lead_id = l.id JOIN inbound_emails i "
            "ON i.message_id = m.external_id AND i.tenant_id = m.tenant_id WHERE i.status = 'RECEIVED'")}
    wrong = []
    for lead in set(parsed_per_lead) | set(sentiment_per_lead):
        want, have = parsed_per_lead.get(lead, 0), sentiment_per_lead.get(lead, 0)
        if want != have and lead not in received_leads:
            wrong.append((lead, want, have))
    if wrong:
        failures.append(f"{len(wrong)} leads whose SENTIMENT activities differ from their inbound mails (lead, mails, activities): {wrong[:5]}")
    notes.append("sentiment: " + ("as jobs (strict)" if sentiment_jobs else
                                  f"inline in intake (no sentiment jobs yet); {len(received_leads)} leads with a RECEIVED mail not held against it"))
    messages = dict(store.rows(
        "SELECT i.message_id, count(m.id) FROM inbound_emails i LEFT JOIN messages m ON m.external_id = i.message_id "
        "AND m.tenant_id = i.tenant_id AND m.lead_id = i.lead_id WHERE i.status='PARSED' GROUP BY i.message_id"))
    bad_messages = [(mid, n) for mid, n in messages.items() if int(n) != 1]
    if bad_messages:
        failures.append(f"{len(bad_messages)} parsed mails whose message is stored on the lead other than once: {bad_messages[:5]}")

    leads = len(parsed_per_lead)
    notes.append(f"{len(sent)} sent, {len(accepted)} accepted; inbound rows by status {counts}; {leads} leads from them")
    return failures, notes


# ---------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--sqlite", help="path of a fresh SQLite file")
    p.add_argument("--pg-url", help="URL of a fresh database the server uses")
    p.add_argument("--pg-check-url", help="URL the checks read with (a superuser: row-level security would hide rows)")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--drain-seconds", type=int, default=330)
    p.add_argument("--seed", type=int, default=None)
    a = p.parse_args()

    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    run = f"{int(time.time())}-{seed}"
    fixtures = load_fixtures(a.root)
    mails = [unique_mail(raw, exp, run, n)[0:2] for n in range(a.count) for (_, raw, exp) in [fixtures[n % len(fixtures)]]]
    db_url = f"sqlite://{a.sqlite}?mode=rwc" if a.sqlite else a.pg_url
    store = Store(sqlite_path=a.sqlite, pg_url=a.pg_check_url)
    server = Server(a.binary, db_url, a.workdir, a.root)
    log(f"{a.count} inquiries from {len(fixtures)} fixture formats, {a.clients} clients, seed {seed}, {'SQLite' if a.sqlite else 'PostgreSQL'}, port {server.port}")
    try:
        server.start()
        token = server.inbound_token()
        poster = Poster(server.port, token, a.clients)

        # Phase 1: post everything; SIGKILL once a random share of the posts is answered.
        kill_at = rng.randint(a.count // 5, a.count * 4 // 5)
        killed = threading.Event()

        def maybe_kill(done):
            if done >= kill_at and not killed.is_set():
                killed.set()
                server.kill()
                log(f"SIGKILL after {done} answers")

        started = time.time()
        poster.run(mails, maybe_kill)
        ok1 = sum(poster.accepted(mid) for mid, _ in mails)
        log(f"phase 1: {ok1} accepted, {a.count - ok1} without a 2xx answer ({time.time() - started:.1f}s)")
        received_at_kill = store.pending()[1]
        log(f"after the kill: {received_at_kill} rows RECEIVED in inbound_emails")

        # Phase 2: restart; the relay re-posts what got no 2xx answer, a few rounds at most.
        server.start()
        for attempt in range(1, 4):
            again = [m for m in mails if not poster.accepted(m[0])]
            if not again:
                break
            poster.run(again)
            log(f"phase 2, round {attempt}: re-posted {len(again)}, {sum(poster.accepted(mid) for mid, _ in again)} accepted")

        # Bounded wait for the queue (and any recovery of RECEIVED rows) to finish.
        deadline = time.time() + a.drain_seconds
        jobs, received = store.pending()
        while (jobs or received) and time.time() < deadline:
            time.sleep(1)
            jobs, received = store.pending()
        log(f"after waiting up to {a.drain_seconds}s: {jobs} jobs queued/running, {received} rows RECEIVED")
    except RuntimeError as e:
        log(f"RUN FAILED: {e}")
        server.stop()
        return 2
    server.stop()

    failures, notes = check(store, poster, mails)
    for n in notes:
        log(f"  note: {n}")
    for f in failures:
        log(f"  FAIL: {f}")
    log("RESULT: " + ("all checks passed" if not failures else f"{len(failures)} checks failed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
