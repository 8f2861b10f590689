"""The Rasa server's runtime, made lean where measurements pointed (scripts/rasa_server.py applies it).

Nothing here changes what the assistant answers: the same model, graph, actions and validation run; only where the
work happens and how often. Importing this package imports no Rasa (tensorflow_absent must act before Rasa loads).
"""
