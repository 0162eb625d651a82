# Sphinx configuration for the module's documentation built on its own:
#   python3 -m sphinx -W -b html doc build/doc/html
# (CTest: Docs.SphinxNoWarnings). In an ns-3 tree, ns-3's models manual includes
# vswitch.rst and scenario-format.rst instead and this file is not used.
project = "vswitch"
author = "the vswitch developers"
master_doc = "index"
extensions = []
exclude_patterns = ["_build"]
highlight_language = "none"
html_theme = "alabaster"
