"""swxrisk: geomagnetically induced currents, geoelectric fields and site exposure.

The engine is the C++ library (module ``swxrisk._swxrisk``); this package adds pandas conveniences.
Errors are ``swxrisk.Error`` (a RuntimeError) and its subclasses ConfigError, InputError, CrsError,
ModelRangeError, carrying the same messages as the ``swxrisk`` command line. Problems that do not stop
a computation (the CLI's WARNING lines) are emitted as ``swxrisk.SwxWarning`` (a UserWarning) with the
same text. See docs/python.md.
"""
from ._swxrisk import *  # noqa: F401,F403
from ._swxrisk import (Error, ConfigError, InputError, CrsError, ModelRangeError, SwxWarning,  # noqa: F401
                       __version__, run_study as _run_study, run_study_file as _run_study_file)


def _maybe_frame(table, as_frame):
    if not as_frame:
        return table
    try:
        import pandas
    except ImportError:  # pandas is optional
        return table
    return pandas.DataFrame(table)


def run_study(ids, lon_deg, lat_deg, *, as_frame=False, **kwargs):
    """Rank candidate sites given as arrays (see docs/python.md). Returns the sites table as a dict of
    numpy arrays, or a pandas DataFrame with ``as_frame=True`` when pandas is installed."""
    return _maybe_frame(_run_study(ids, lon_deg, lat_deg, **kwargs), as_frame)


def run_study_file(scenario_file, out="", overwrite=False, write=True, *, as_frame=False):
    """Run a study from a scenario file (docs/scenario-format.md); writes its outputs unless
    ``write=False``. Returns the sites table (dict of arrays, or DataFrame with ``as_frame=True``)."""
    return _maybe_frame(_run_study_file(scenario_file, out, overwrite, write), as_frame)
