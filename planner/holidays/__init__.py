"""Public holidays and weekends: the holidays-library adapter and the holiday report."""
