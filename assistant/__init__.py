"""Plain-Python core of the milnacipran FAQ assistant.

Used by the custom actions (`actions/`), the custom Rasa NLU components
(`assistant.rasa_components`) and the command-line tools. Nothing here creates an
engine, a session or a model at import time.
"""
