"""Names of the modules the JS/TS rewrite generates (kept apart so a walk needs no parser)."""

BROWSER_MODULE = "zoomVideo"
SERVER_MODULE = "zoomVideoServer"
