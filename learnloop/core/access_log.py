"""gunicorn's access log without the lines of anonymous acts (`learnloop serve` uses it).

A line such as `10.0.0.7 - - [06/Dec/2026:10:02:03] "POST /questions/ HTTP/1.1" 302` would tie
an anonymous question to an address and a second; the routes that declared themselves with
`core.unlinkable.anonymous_route` are left out. Every other request is logged as gunicorn does.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from learnloop.core.unlinkable import is_anonymous_act


class AccessLog(Logger):
    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_anonymous_act(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)
