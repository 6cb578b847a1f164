"""Serializer fields the apps' API outputs share."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from rest_framework import serializers


class RoundedDecimalField(serializers.DecimalField):
    """A JSON number rounded half up to `decimal_places` (hours: 1.25 is 1.3), instead of DRF's
    refusal of more decimals, which a schema cannot state for binary floating point numbers."""

    def __init__(self, **kwargs):
        kwargs.setdefault("coerce_to_string", False)
        super().__init__(**kwargs)

    def validate_precision(self, value):
        step = Decimal(1).scaleb(-self.decimal_places)
        try:
            rounded = value.quantize(step, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # too many digits to round at all (2**80, 1e308)
            self.fail("max_digits", max_digits=self.max_digits)
        return super().validate_precision(rounded)


#: A web address as the API takes it: http(s), a host name of at most three labels and a
#: top-level domain (at most 253 characters, as Django's URL validator wants), an optional port,
#: and a path of printable characters. The server checks exactly this expression and the schema
#: states it, so the two cannot disagree the way `format: uri` (which takes "s:") and Django's
#: URLValidator do.
WEB_ADDRESS = (
    r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,58}[A-Za-z0-9])?\.){1,3}[A-Za-z]{2,63}"
    r"(?::[0-9]{1,5})?(?:[/?#][!#-~]*)?$"
)


class WebAddressField(serializers.RegexField):
    """An http(s) address checked by `WEB_ADDRESS`."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Enter a web address like https://example.org/page (http or https)."},
        )
        super().__init__(WEB_ADDRESS, **kwargs)


class OptionalURLField(serializers.URLField):
    """An address that may be missing: null, never "" (which `format: uri` does not allow and
    generated clients reject)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None
