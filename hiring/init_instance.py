"""Create ``instance/config.py`` with a random secret key: ``python -m hiring.init_instance``."""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask

from hiring.settings import write_instance_config


def main() -> int:
    instance_path = Path(Flask("hiring", instance_relative_config=True).instance_path)
    if write_instance_config(instance_path):
        print(f"Wrote a new secret key to {instance_path / 'config.py'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
