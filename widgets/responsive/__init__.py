"""Layout helpers that let the window fit small screens and large scale factors."""

from .flow import FlowLayout, flow_row

__all__ = ["FlowLayout", "flow_row"]
