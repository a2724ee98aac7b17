"""Views of the purchasing app, one module per document."""
