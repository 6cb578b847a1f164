"""The API's one paginator: DRF's page numbers, with a malformed `page` refused as bad input.

DRF answers 404 "Invalid page." for `page=abc` and for `page=` alike, as for a page past the
end. Here a `page` that is not a whole number from 1 is a 400 naming the parameter, and only a
page past the last one is a 404 (a page that does not exist). "last" is not a page number: the
schema says `page` is an integer, and clients follow `next`.
"""

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

#: A page number: ASCII digits, no sign, no leading zero.
PAGE = re.compile(r"[1-9][0-9]*")
PAGE_DESCRIPTION = "A page number from 1; past the last page is a 404."
#: For a view that builds its own page around the paginator's (extend_schema(parameters=…)).
PAGE_PARAMETER = OpenApiParameter(
    "page", OpenApiTypes.INT, required=False, description=PAGE_DESCRIPTION
)


class PageNumberPagination(pagination.PageNumberPagination):
    last_page_strings = ()
    invalid_page_message = "No such page: this list has fewer pages."

    def get_page_number(self, request, paginator):
        text = request.query_params.get(self.page_query_param)
        if text is None:
            return 1
        if not PAGE.fullmatch(text):
            raise ValidationError({self.page_query_param: ["A page is a whole number from 1."]})
        if len(text) > 18:  # past any last page, and int() refuses very long numbers
            raise NotFound(self.invalid_page_message)
        return int(text)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = PAGE_DESCRIPTION
        return parameters
