"""The designer: a local web app to edit flows, see them as graphs and try calls in the browser.

``ivr designer [DIR]`` serves it on 127.0.0.1. YAML stays the source of truth: the editor shows the
file as written, the one compiler (:mod:`ivr.flow.compiler`) validates it as you type, the graph is
drawn from the compiled flow by :mod:`ivr.layout`, and try-it calls run through the offline
simulator (:mod:`ivr.channels.sim`). Every script, style and font is served by the app itself.

Safe by default: file access is confined to DIR (:class:`~ivr.designer.workspace.Workspace`),
every request that is not a GET needs the page's CSRF token, and requests naming another host
than the one the designer was started on are refused (no DNS rebinding).
"""

from __future__ import annotations

from ivr.designer.views import bp, create_designer_app, init_designer

__all__ = ["bp", "create_designer_app", "init_designer"]
