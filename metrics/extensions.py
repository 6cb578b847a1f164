"""What the metrics app plugs into hub's extension points (called from `MetricsConfig.ready`).

Its pages at /metrics/, its models run by the community managers, and, one function an area:
surveys and the weekly digest (`register_surveys`).
"""

from hub.core.extension_points import (
    AuditAction,
    ManagedApp,
    UrlMount,
    audit_actions,
    managed_apps,
    url_mounts,
)

APP = "metrics"


# --- Surveys and the weekly digest -----------------------------------------------------------

SURVEY_AUDIT_ACTIONS = {
    "survey.create": "{actor} created the {kind_label} survey “{title}”",
    "survey.edit": "{actor} changed the survey “{title}” ({fields})",
    "survey.close": "{actor} closed the survey “{title}” early",
}


def register_surveys() -> None:
    for code, sentence in SURVEY_AUDIT_ACTIONS.items():
        audit_actions.register(AuditAction(app=APP, code=code, sentence=sentence))


# --- The whole app ---------------------------------------------------------------------------


def register() -> None:
    url_mounts.register(UrlMount(app=APP, urlconf="metrics.urls", prefix="metrics/", order=90))
    managed_apps.register(ManagedApp(app=APP))
    register_surveys()
