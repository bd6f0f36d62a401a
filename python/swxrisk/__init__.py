"""swxrisk: geomagnetically induced currents, geoelectric fields and site exposure.

The engine is the C++ library (module ``swxrisk._swxrisk``); this package adds pandas conveniences.
Errors are ``swxrisk.Error`` (a RuntimeError) and its subclasses ConfigError, InputError, CrsError,
ModelRangeError, carrying the same messages as the ``swxrisk`` command line. Problems that do not stop
a computation (the CLI's WARNING lines) are emitted as ``swxrisk.SwxWarning`` (a UserWarning) with the
same text. See docs/python.md.
"""
try:
    from ._swxrisk import *  # noqa: F401,F403
except ImportError as _error:  # the extension is not built, or built for another interpreter
    import os as _os
    import sys as _sys
    _here = _os.path.dirname(_os.path.abspath(__file__))
    _built = sorted(f for f in _os.listdir(_here) if f.startswith("_swxrisk."))
    raise ImportError(
        "swxrisk: cannot load the C++ extension swxrisk._swxrisk from " + _here + " (" + str(_error) + "). "
        + ("It is built as " + ", ".join(_built) + "; this interpreter is Python "
           + "%d.%d at %s: use /usr/bin/python3 (Debian's, with python3-numpy). " % (_sys.version_info[:2] + (_sys.executable,))
           if _built else
           "It is not built: run `cmake --preset release -G Ninja && cmake --build --preset release --target _swxrisk` "
           "(scripts/demo builds it), then PYTHONPATH=build/release/python /usr/bin/python3. ")
        + "See docs/python.md.") from _error
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
