"""Emails printed on the terminal (development) stand clearly apart from each other and from
the log lines around them, readable without decoding MIME."""

import io

from django.core.mail import EmailMultiAlternatives

from hub.core.mail import ConsoleEmailBackend


def test_each_email_is_printed_between_its_own_rules_with_a_readable_body():
    stream = io.StringIO()
    backend = ConsoleEmailBackend(stream=stream)
    first = EmailMultiAlternatives(
        "Your seat at “Async Python”",
        "Hello Mia,\n\nYou have a seat. Добре!",
        "hub@x.test",
        ["mia@example.com"],
    )
    first.attach_alternative("<p>Hello</p>", "text/html")
    second = EmailMultiAlternatives("Second", "Body two", "hub@x.test", ["oleh@example.com"])
    # When two emails are sent at once
    assert backend.send_messages([first, second]) == 2
    printed = stream.getvalue()
    # then each opens with a rule naming its recipient and closes with its own rule
    assert printed.count("end of email") == 2
    assert printed.index("EMAIL to mia@example.com") < printed.index("EMAIL to oleh@example.com")
    # and the subject and body read as written (not quoted-printable), the HTML named only
    assert "Subject: Your seat at “Async Python”" in printed
    assert "You have a seat. Добре!" in printed
    assert "(Also in this email: an HTML version.)" in printed
    assert "<p>Hello</p>" not in printed
