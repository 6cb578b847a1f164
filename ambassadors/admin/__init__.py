"""The programme in the admin console, one module an area."""

from ambassadors.admin import applications, attribution, programme, terms  # noqa: F401
