"""PySide6 widgets and models over the planner core (never imports app)."""
