"""Input and output of the dict contract: dicts, JSON and YAML files, the JSON Schema, and the
registry of file types (:mod:`gov_disclosure.io.filetypes`)."""
