"""Event and group pages, one module an area. Views parse the request, check permission, call
one service and render; `now` is read here and passed down."""
