#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # Each developer keeps a newsroom/settings/local.py (not in git, see README).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
