"""Routers of the REST API (mounted under /api/v1 by :func:`armswatch.api.app.create_app`)."""
