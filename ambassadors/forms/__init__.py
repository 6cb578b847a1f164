"""Forms, one module an area (`ambassadors.forms.applications` ...): they parse and check the
shape of input; the rules live in the services."""
