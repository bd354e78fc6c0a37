"""Flow files: YAML with positions, the document model, the compiler and the static checks."""

from ivr.flow.compiler import compile_flow
from ivr.flow.machine import Flow

__all__ = ["Flow", "compile_flow"]
