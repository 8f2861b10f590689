"""`make report`: the insights report for the pharmacy team (insights/cli.py, docs/report.md).

    .venv/bin/python scripts/report.py [--since DAY] [--until DAY] [--out FILE] [--show-text]
"""
import os
import sys
import warnings
from pathlib import Path

# Library deprecation notices (Rasa, SQLAlchemy, matplotlib) are not for the report's reader. Rasa adds warning
# filters of its own when imported, so it is imported first and the notices silenced after.
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
warnings.simplefilter("ignore")
import rasa.core.utils  # noqa: E402,F401
warnings.simplefilter("ignore")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from the repository

from insights.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
