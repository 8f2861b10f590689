"""The insights report (`make report`): what the assistant is asked and where it falls short, read from the tracker
store and written as one self-contained HTML page for the pharmacy team (docs/report.md).

- `store.py` streams the stored events (SQLite or PostgreSQL, through the endpoints file the server reads);
- `vocabulary.py` says what each intent and action name means, from domain.yml at run time;
- `aggregate.py` folds the events into counts, one conversation at a time (memory does not grow with the store);
- `page.py` writes the HTML with its charts inline;
- `cli.py` is the command behind `make report`.

Aggregates only: no sender id is read into the report, and message text only with --show-text (numbers masked).
"""
