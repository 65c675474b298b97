"""devices, backends, doctor, validate, bench, diagnose and the scheme catalogue: the CLI's
JSON records as dicts, with to_pandas()."""

import numpy as np
import pytest

import lapack_ai as la


def test_backends_and_devices():
    families = {b["family"] for b in la.backends()}
    assert {"openblas", "reference", "alphatensor", "lib"} <= families
    devs = la.devices()
    openblas = next(d for d in devs if d["name"] == "openblas")
    assert openblas["available"] and "OpenBLAS" in openblas["library"]
    assert isinstance(devs.warnings, list) and isinstance(la.doctor(), list)
    assert "name" in devs.to_pandas().columns


def test_validate_records():
    recs = la.validate(op="gemm", type=["s", "d"], dim=[8, 17], backend=["openblas", "reference"])
    assert len(recs) == 2 * 2 * 2
    assert {r["status"] for r in recs} == {"pass"}
    assert all(r["checks"][0]["ratio"] < r["checks"][0]["threshold"] for r in recs)
    assert recs.context["mode"] == "validate"
    df = recs.to_pandas()
    assert {"status", "backend"} <= set(df.columns) and len(df) == len(recs)


def test_validate_decodes_info_of_a_singular_matrix():
    recs = la.validate(op="getrf", type="d", dim=10, matrix="singular", backend="openblas")
    notes = " ".join(c["note"] for r in recs for c in r["checks"])
    assert "is exactly zero: A is singular" in notes


def test_bench_records_and_recommendations():
    recs = la.bench(op="gemm", type="d", dim=[16, 32],
                    backend=["openblas", "alphatensor:strassen@openblas"], repeat=3, warmup=1,
                    min_sample_time=0.0005)
    assert len(recs) == 4 and recs.context["mode"] == "bench"
    timed = [r for r in recs if r["status"] == "pass"]
    assert timed and all(r["timing"]["median_s"] > 0 for r in timed)
    assert isinstance(recs.recommendations, list)
    assert "timing.median_s" in recs.to_pandas().columns


def test_sweep_errors_name_the_key():
    with pytest.raises(la.UsageError, match="unknown sweep key 'dims'"):
        la.validate(dims=4)
    with pytest.raises(la.UsageError, match="dim"):
        la.validate(dim="ten")
    with pytest.raises(la.UsageError, match="unknown backend 'nosuch'"):
        la.bench(backend="nosuch")


def test_diagnose():
    a = np.diag([1.0, 1e-3, 0.0])
    d = la.diagnose(a)
    assert d["shape"] == [3, 3] and d["rank"] == 2 and d["getrf_info"] == 3
    assert d["recommendation"]["solver"] or d["recommendation"]["advice"]
    bad = np.eye(3)
    bad[1, 2] = np.nan
    assert la.diagnose(bad)["entries"]["nan"] == 1
    assert la.diagnose(np.eye(4, dtype=np.float32))["eps"] == 2.0 ** -23


def test_schemes_catalogue():
    by_name = {s["name"]: s for s in la.schemes}
    assert by_name["strassen"]["rank"] == 7 and by_name["strassen"]["m"] == 2
    assert by_name["strassen"]["stats"]["E"] == 12


def test_version():
    assert la.__version__
