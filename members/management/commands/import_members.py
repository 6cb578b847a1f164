"""`manage.py import_members FILE.csv`: bring an existing community's members in."""

from members.management.commands._import_base import ImportCommand
from members.services.imports import members_import


class Command(ImportCommand):
    help = (
        "Import members from CSV with the header email,name,joined_at,left_at,tier,how_heard "
        "(email and name required; ISO 8601 times). A row with left_at is a departure: the "
        "member leaves and their personal data is erased. Idempotent: people are recognised by "
        "their address, or by its keyed hash once they left."
    )
    importer = staticmethod(members_import)
    noun = "members"
