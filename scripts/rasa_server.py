"""Starts the Rasa server (`rasa run ...`, same arguments) with this project's runtime replacements
(server_runtime.apply(): version-checked, each confirmed, each switchable with BACLOFEN_RUNTIME_OFF).

The HTTP API's JWT secret comes from the environment (BACLOFEN_JWT_SECRET), never from the command line: every local
user can read a process's command line (/proc/<pid>/cmdline, `ps`), only its owner its environment. It is handed to
Rasa inside this process (sys.argv, which does not change /proc/<pid>/cmdline); `--jwt-secret` given here is refused.

Usage: `python scripts/rasa_server.py run ...` from the repository root.
"""
import os
import sys

sys.path.insert(0, os.getcwd())  # as `rasa` does: the project's packages are found from the working directory

import server_runtime  # noqa: E402  (imports no Rasa)
from baclofen import settings  # noqa: E402

applied = server_runtime.apply(settings.current().runtime_off)  # before anything else imports Rasa

# Files this server creates (a SQLite tracker store and its journal) hold conversations: its user's alone.
os.umask(0o077)

# Sanic (Rasa's web server) reads its configuration from SANIC_* variables when Rasa creates the app: a body larger
# than the limit is refused with 413 on its Content-Length, before it is read (Sanic's default is 100 MB), and a
# client has BACLOFEN_REQUEST_READ_SECONDS for its whole request, body included (server_runtime/request_deadline.py;
# Sanic's own timeout is 60 s between two packets of the head only).
os.environ["SANIC_REQUEST_MAX_SIZE"] = str(settings.current().request_max_bytes)
os.environ["SANIC_REQUEST_TIMEOUT"] = str(settings.current().request_read_seconds)
# Connections waiting to be accepted: Rasa passes SANIC_BACKLOG to Sanic (default 100). A burst larger than that on a
# busy server overflows the queue and clients see their connection reset instead of a reply or a plain refusal (the
# 500-at-once fault test, once in a loaded CI run: 13 resets). The kernel caps it at net.core.somaxconn.
os.environ.setdefault("SANIC_BACKLOG", "1024")

if __name__ == "__main__":
    # Everything the server imports later, imported now, while TensorFlow may still be named; after finish() any
    # use of it (a model with DIET or TED, say) fails at load with a clear message.
    import rasa.core.agent  # noqa: F401,E402
    import rasa.core.run  # noqa: F401,E402
    import rasa.engine.recipes.default_components  # noqa: F401,E402
    import rasa.server  # noqa: F401,E402
    import skops.io  # noqa: F401,E402  (the classifier's loader imports it on first load)
    from rasa.__main__ import main  # noqa: E402

    server_runtime.finish(applied)
    if any(arg == "--jwt-secret" or arg.startswith("--jwt-secret=") for arg in sys.argv[1:]):
        sys.exit("Refusing --jwt-secret on the command line (any local user can read it in /proc/<pid>/cmdline): "
                 "set BACLOFEN_JWT_SECRET in the environment instead.")
    jwt_secret = settings.current().jwt_secret
    if "--enable-api" in sys.argv and not jwt_secret:
        sys.exit("--enable-api needs BACLOFEN_JWT_SECRET in the environment: the HTTP API never runs open.")
    sys.argv[0] = "rasa"
    if jwt_secret and sys.argv[1:2] == ["run"] and sys.argv[2:3] != ["actions"]:
        sys.argv += ["--jwt-secret", jwt_secret, "--jwt-method", "HS256"]
    main()
