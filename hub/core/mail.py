"""Email printed on the terminal for people to read: the development default.

Django's console backend prints each message as raw MIME, one after the other with a thin rule,
so on a busy `make run` terminal one email runs into the next and into the log lines. This one
prints each message between two unmistakable rules, with who it is to, its subject and its
plain-text body (decoded), and names any HTML alternative or attachment instead of dumping it.
"""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

RULE_WIDTH = 78


class ConsoleEmailBackend(DjangoConsoleBackend):
    def write_message(self, message) -> None:
        to = ", ".join(message.to) or "(no recipient)"
        self.stream.write(_rule(f" EMAIL to {to} ", "═") + "\n")
        self.stream.write(f"From:    {message.from_email}\n")
        if message.cc:
            self.stream.write(f"Cc:      {', '.join(message.cc)}\n")
        if message.bcc:
            self.stream.write(f"Bcc:     {', '.join(message.bcc)}\n")
        self.stream.write(f"Subject: {message.subject}\n\n")
        self.stream.write(message.body.rstrip() + "\n")
        extras = [
            "an HTML version" if mimetype == "text/html" else f"a {mimetype} version"
            for _, mimetype in getattr(message, "alternatives", [])
        ] + [
            f"the attachment {getattr(attachment, 'filename', None) or attachment[0]}"
            for attachment in message.attachments
        ]
        if extras:
            self.stream.write(f"\n(Also in this email: {', '.join(extras)}.)\n")
        self.stream.write(_rule(" end of email ", "═") + "\n\n")


def _rule(label: str, character: str) -> str:
    side = max(3, (RULE_WIDTH - len(label)) // 2)
    return f"{character * side}{label}{character * (RULE_WIDTH - side - len(label))}"
