"""What the ambassador programme plugs into hub's extension points (called from
`AmbassadorsConfig.ready`): its section of "Your data", its erasure when a member leaves, and
the managers' rights over its models."""

from hub.core.extension_points import (
    ExportSection,
    LeaveHandler,
    ManagedApp,
    export_sections,
    leave_handlers,
    managed_apps,
)

APP = "ambassadors"


def register() -> None:
    from ambassadors.selectors.account import export_programme
    from ambassadors.services.account import ambassador_data_erase

    export_sections.register(
        ExportSection(app=APP, name="ambassador_programme", collect=export_programme, order=40)
    )
    leave_handlers.register(
        LeaveHandler(app=APP, name="ambassadors", erase=ambassador_data_erase, order=40)
    )
    managed_apps.register(ManagedApp(app=APP))
