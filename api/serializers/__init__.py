"""Serializers of the API: what each resource shows, and the input of each create call."""
