"""The admin console for members, one module an area; imported here so Django registers them."""
