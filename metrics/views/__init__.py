"""Pages, one module an area: import from the module (`metrics.views.surveys`)."""
