"""Roll-up (汇总): one ledger's views over other ledgers, each in its own git repository.

A national or provincial research office lists the ledgers it oversees under `rollup:` in
huishang.yaml. `huishang sync` fetches each with git into this machine's cache folder
(never the work tree), validates what it fetched with the rules of `validate`, and only
then puts that revision in use (`fetch.py`). The read views then span the ledger and
every source in use, each source's ids and paths named `<source>:<id>` (`span.py`).
Writes stay local: a rolled-up item is changed in its own ledger.
"""
