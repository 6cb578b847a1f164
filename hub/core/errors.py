"""The one kind of domain error: a fixed message a person can read.

Services raise `DomainError` (or a subclass); forms show its message, the API answers 400 with it.
"""


class DomainError(Exception):
    """A rule said no. `message` is shown to the user as it is, so write it for them."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(DomainError):
    """The object does not exist, or this person may not know it does."""

    status_code = 404

    def __init__(self, message: str = "Not found.", *, code: str = "not_found"):
        super().__init__(message, code=code)
