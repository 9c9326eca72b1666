#!/usr/bin/env python
import logging
import os
import sys

# Commands that load data. They start without the apps that serve only web pages (programme/settings.py,
# WEB_ONLY_APPS), and they end without Python's teardown: once the command is over, its database connections
# closed and its logs and output flushed, freeing each of the process's objects one by one would cost a quarter
# of a second of CPU that the operating system does at once.
DATA_COMMANDS = {"import_cases"}


def _exit_code(code: object) -> int:
    """What the interpreter would exit with for sys.exit(code)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "programme.settings")
    data_command = len(sys.argv) > 1 and sys.argv[1] in DATA_COMMANDS
    if data_command:
        os.environ["PROGRAMME_WEB_APPS"] = "0"
    from django.core.management import execute_from_command_line

    if not data_command:
        execute_from_command_line(sys.argv)
    else:
        try:
            execute_from_command_line(sys.argv)
            code = 0
        except SystemExit as exit_:
            code = _exit_code(exit_.code)
        from django.db import connections

        connections.close_all()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
