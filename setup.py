"""Builds the swxrisk extension with the project's own CMake (no downloads) for `pip install .`.

Offline install into a virtual environment that sees Debian's numpy and pybind11:
    /usr/bin/python3 -m venv --system-site-packages venv
    venv/bin/pip install --no-build-isolation --no-deps .
The wheel carries the earth models and the NERC beta table as swxrisk/data/earth, and the map's
Natural Earth basemap as swxrisk/data/basemap.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = ROOT / "build" / "pip"
        subprocess.check_call(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                               "-DSWX_BUILD_TESTS=OFF", "-DSWX_BUILD_CLI=OFF", "-DSWX_BUILD_BENCHMARKS=OFF",
                               f"-DPython_EXECUTABLE={sys.executable}"])
        subprocess.check_call(["cmake", "--build", str(build), "--target", "_swxrisk", "-j", str(os.cpu_count() or 2)])
        built = next((build / "python" / "swxrisk").glob("_swxrisk*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)
        # The bundled data, found by the module next to itself (swxrisk/data/{earth,basemap}; docs/install.md).
        for name in ("earth", "basemap"):
            data = target.parent / "data" / name
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(ROOT / "datasets" / name, data)


setup(ext_modules=[CMakeExtension("swxrisk._swxrisk")], cmdclass={"build_ext": CMakeBuild})
