"""`manage.py import_activities FILE.csv`: bring an existing community's activity history in."""

from members.management.commands._import_base import ImportCommand
from members.services.imports import activities_import


class Command(ImportCommand):
    help = (
        "Import activities from CSV with the header "
        "email,kind,occurred_at,source,external_id,title,url (title and url optional; ISO 8601 "
        "times). Idempotent by (source, external_id)."
    )
    importer = staticmethod(activities_import)
    noun = "activities"
