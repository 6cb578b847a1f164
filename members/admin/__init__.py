"""The admin console for members, one module an area; imported here so Django registers them."""

from members.admin import activities, ideas, members, recognition, tiers  # noqa: F401
