"""RFC 5545 files: one line reader, export, VTIMEZONEs, busy import, holiday feeds, linter."""
