"""devices, backends, doctor, validate, bench, diagnose and the scheme catalogue: the records the
CLI writes as JSON, as Python dicts (lists of them are ``Records``, with ``to_pandas()``)."""

import json

import numpy as np

from . import _core


class Records(list):
    """A list of record dicts, as in the results JSON. ``context``, ``recommendations`` and
    ``warnings`` hold the document's other parts where it has them."""

    def __init__(self, items, context=None, recommendations=None, warnings=None):
        super().__init__(items)
        self.context = context
        self.recommendations = recommendations
        self.warnings = warnings

    def to_pandas(self):
        """One row per record, nested keys flattened ("timing.median_s"); needs pandas."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.json_normalize(list(self))


def backends():
    """Backend families compiled in: [{family, description, specs}] (lib: one spec per library
    it knows, installed here or not)."""
    return json.loads(_core.backends_json())


def devices():
    """`lapack-ai devices`: one record per backend spec with its library, threads, device and
    availability; ``.warnings`` holds the environment checks."""
    doc = json.loads(_core.devices_json())
    return Records(doc["backends"], warnings=doc["warnings"])


def doctor():
    """The start-of-run environment checks (`lapack-ai doctor` without the load sample):
    findings with id, severity, message and fix; [] when nothing may mislead."""
    return devices().warnings


def _text(key, value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_text(key, v) for v in value)
    return str(value)


def _sweep(timing, call, settings):
    # Python names for the table's hyphenated keys: max_time -> max-time, full_check, ...
    values = {k.replace("_", "-"): _text(k, v) for k, v in settings.items() if v is not None}
    command = "python: lapack_ai.{}({})".format(
        call, ", ".join(f"{k}={v!r}" for k, v in settings.items() if v is not None))
    doc = json.loads(_core.sweep_json(values, timing, command))
    return Records(doc["results"], doc["context"], doc.get("recommendations"),
                   doc["context"].get("warnings"))


def validate(op="gemm", type="s,d", dim="10,64", backend="openblas", **settings):
    """`lapack-ai validate` on the given sweep: keys as in scenario files (op, type, dim,
    backend, matrix, cond, nrhs, tol, ...; max_time for max-time and so on), values in the CLI's syntax or as lists. Returns the
    result records (status, checks with ratio and threshold, decoded INFO)."""
    return _sweep(False, "validate", dict(op=op, type=type, dim=dim, backend=backend, **settings))


def bench(op="gemm", type="d", dim="256", backend="openblas", **settings):
    """`lapack-ai bench`: timed, interleaved, checked; speedups against ``baseline`` (default
    openblas) with bootstrap intervals. ``repeat`` (default "auto", up to max_time s per case),
    ``warmup``, ``min_sample_time``, ``threads`` as in the CLI. ``.recommendations`` holds "what to
    use on this machine"."""
    return _sweep(True, "bench", dict(op=op, type=type, dim=dim, backend=backend, **settings))


def diagnose(a):
    """`lapack-ai diagnose` of a 2-D array: condition, rank, scaling, symmetry, NaN/Inf, and the
    recommended solver (dict). float32 input is judged with float32's eps."""
    a = np.asarray(a)
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return json.loads(_core.diagnose_json(a))


_schemes = []


def schemes():
    """The fast-matmul catalogue (verified exactly on first use): name, <m,k,n>, rank, field,
    source, licence and statistics of each scheme."""
    if not _schemes:
        _schemes.append(Records(json.loads(_core.schemes_json())))
    return _schemes[0]
