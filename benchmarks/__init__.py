"""`make bench`: a large dataset, the pages people use, and the budgets they must stay within.

Not a Django app: nothing here is installed in production. See benchmarks/__main__.py.
"""
