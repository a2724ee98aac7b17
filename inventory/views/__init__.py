"""Views of the inventory app, one module per subject."""
