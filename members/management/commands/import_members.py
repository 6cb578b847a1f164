"""`manage.py import_members FILE.csv`: bring an existing community's members in."""

from members.management.commands._import_base import ImportCommand
from members.services.imports import members_import


class Command(ImportCommand):
    help = (
        "Import members from CSV with the header email,name,joined_at,left_at,tier,how_heard "
        "(email and name required; ISO 8601 times). Idempotent by email."
    )
    importer = staticmethod(members_import)
    noun = "members"
