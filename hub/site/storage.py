"""Production static files: WhiteNoise's compressed, hashed storage, without source maps.

collectstatic leaves `*.map` out (hub.site.apps.StaticFilesConfig), so the storage must not
insist on finding the maps that vendor files name in their `sourceMappingURL` comments (Django's
manifest storage rewrites those references and fails on a missing file). The comments stay as
they are; a browser asks for a map only when its developer tools are open, and gets a 404.
"""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def names_a_map(pattern) -> bool:
        expression = pattern if isinstance(pattern, str) else pattern[0]
        return "sourceMappingURL" in expression

    return tuple(
        (extension, tuple(pattern for pattern in rules if not names_a_map(pattern)))
        for extension, rules in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(HashedFilesMixin.patterns)
