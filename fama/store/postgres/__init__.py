"""The store on a PostgreSQL server, for a whole service (DESIGN §4b).

The same contract as the folder store (``fama.store.base``): one JSONB document per client
record, with the columns the caseload and the figures query beside it; meetings, staff,
assessments and postcode centres as tables. Every read-modify-write is one transaction
holding a row lock (or, for a record that may not exist yet, an advisory lock on its key),
so no acknowledged change is lost to another keyworker saving at the same moment.

Modules: :mod:`database` (the connection pool, transactions, errors in one sentence),
:mod:`clients` and :mod:`tables` (the rows), :mod:`store` (the whole store), :mod:`schema`
(numbered migrations). Imports psycopg; nothing above the store layer imports this package.
"""
