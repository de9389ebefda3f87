"""CalDAV (RFC 4791): publishing exports and reading busy times from a calendar server."""
