"""The admin console for members, one module an area; imported here so Django registers them."""

from members.admin import activities, ideas, membership, profiles, recognition  # noqa: F401
