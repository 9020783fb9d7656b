from b12tracker.plugins import app_modules


def app_bench_modules():
    """Our apps' `bench.py` modules, in INSTALLED_APPS order."""
    return app_modules("bench")
