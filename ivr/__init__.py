"""ivr: design, check and simulate IVR phone menus written as YAML call flows.

The public face is small: compile a flow, step the engine, simulate a call.
"""

from ivr.engine import CallState, start, step
from ivr.errors import Diagnostic, FlowError, IvrError, ScriptError, UsageError
from ivr.flow.compiler import compile_flow
from ivr.flow.machine import Flow
from ivr.loading import load_flow

__version__ = "0.1.0"

__all__ = [
    "CallState",
    "Diagnostic",
    "Flow",
    "FlowError",
    "IvrError",
    "ScriptError",
    "UsageError",
    "compile_flow",
    "load_flow",
    "start",
    "step",
]
