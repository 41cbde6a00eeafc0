"""An SMTP server for the tests (aiosmtpd), speaking real SMTP on loopback as a provider would:
plain + STARTTLS on one port, implicit TLS on another, AUTH PLAIN/LOGIN required (only over TLS),
and every accepted mail written to the sink directory as `<n>.eml` (the bytes as received) with
`<n>.json` beside it (envelope sender, recipients, the signed-in user). Recipients whose local part
says so are refused the way real servers refuse:

  refuse-permanent…@  550 at RCPT (mailbox unavailable: a permanent refusal)
  refuse-temporary…@  451 at RCPT, every time (greylisting that never ends)
  refuse-once…@       451 at RCPT the first time this address is seen, accepted afterwards

usage: smtp-sink.py DIR STARTTLS_PORT TLS_PORT CERT KEY USER PASSWORD
"""

import asyncio
import itertools
import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.seen = set()
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refuse-permanent"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("refuse-temporary"):
            return "451 4.7.1 <%s>: Recipient address rejected: try again later" % address
        if local.startswith("refuse-once") and address.lower() not in self.seen:
            self.seen.add(address.lower())
            return "451 4.7.1 <%s>: Recipient address rejected: greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        n = "%d-%d" % (os.getpid(), next(self.counter))
        path = os.path.join(self.directory, n)
        with open(path + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(path + ".json", "w") as f:
            json.dump(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
                },
                f,
            )
        # The .eml appears whole or not at all: readers poll the directory.
        os.rename(path + ".eml.tmp", path + ".eml")
        return "250 2.0.0 Ok: queued as %s" % n


def main():
    directory, starttls_port, tls_port, cert, key, user, password = sys.argv[1:8]
    os.makedirs(directory, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        # handled=False: aiosmtpd answers a refusal with 535 itself (handled=True would leave the
        # client waiting for a reply that never comes).
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    sink = Sink(directory)
    starttls = Controller(
        sink,
        hostname="127.0.0.1",
        port=int(starttls_port),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    # Implicit TLS: the socket is wrapped before the greeting, so aiosmtpd (which only knows of
    # STARTTLS) is told that AUTH needs no further TLS here.
    implicit = Controller(
        sink,
        hostname="127.0.0.1",
        port=int(tls_port),
        ssl_context=context,
        server_hostname="localhost",
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    starttls.start()
    implicit.start()
    print("smtp sink on 127.0.0.1:%s (STARTTLS) and :%s (TLS), mail in %s" % (starttls_port, tls_port, directory))
    sys.stdout.flush()
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        starttls.stop()
        implicit.stop()


if __name__ == "__main__":
    main()
