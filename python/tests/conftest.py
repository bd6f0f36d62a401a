"""pytest configuration for the swxrisk binding tests (see docs/testing.md).

Markers:
  reference   needs ../shared/reference (SWX_REFERENCE_DIR); skipped when it is absent.
  regression  checks a value swxrisk itself produced earlier, not an independent source.

ctest runs the `reference` tests as their own test (python_reference) with SWX_PYTEST_SKIP_RETURN_CODE set:
when every selected test was skipped, pytest's exit status becomes that code, so ctest reports "Skipped"
rather than "Passed".
"""
import os

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "reference: needs ../shared/reference (SWX_REFERENCE_DIR); skipped when absent")
    config.addinivalue_line("markers", "regression: checks swxrisk's own earlier output, not an independent source")


def pytest_sessionfinish(session, exitstatus):
    code = os.environ.get("SWX_PYTEST_SKIP_RETURN_CODE", "")
    if not code or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    ran = [r for key in ("passed", "failed", "error", "xfailed", "xpassed") for r in reporter.stats.get(key, [])]
    if not ran and reporter.stats.get("skipped"):
        session.exitstatus = int(code)
