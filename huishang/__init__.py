"""huishang (会商): track the items agreed at consultation meetings, kept as YAML in git."""

__version__ = "0.2.0"
