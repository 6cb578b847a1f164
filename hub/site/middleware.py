"""The site's middleware: runs the landing hooks that apps registered
(`hub.core.extension_points.landing_hooks`) on every response a view produced."""

import logging

from hub.core.extension_points import landing_hooks

logger = logging.getLogger(__name__)


class LandingHooksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for hook in landing_hooks.items():
            try:
                hook.process(request=request, response=response)
            except Exception:  # a hook must never cost the visitor their page
                logger.exception("Landing hook %s failed", hook.name)
        return response
