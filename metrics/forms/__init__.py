"""Forms, one module an area: import from the module (`metrics.forms.surveys`)."""
