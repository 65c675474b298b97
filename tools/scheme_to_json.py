#!/usr/bin/env python3
"""Converts fast-matmul schemes to lapack-ai's JSON format (docs/SCHEMES.md).

Python standard library only (no numpy): it reads AlphaTensor .npz members, including the
pickled object arrays (numpy globals mapped to inert stand-ins), and PLinOpt .sms triples.
The output is NOT verified here; `lapack-ai schemes import OUT.json` verifies it exactly.

  scheme_to_json.py npz FILE KEY -o OUT.json --name N [--field GF2] [--source S ...]
  scheme_to_json.py sms PREFIX -o OUT.json --name N     (PREFIX_L.sms, PREFIX_R.sms, PREFIX_P.sms)
"""
import argparse
import ast
import io
import json
import math
import os
import pickle
import struct
import sys
import zipfile
from fractions import Fraction


class _Dtype:
    def __init__(self, descr, *_):
        self.descr = descr
        self.order = '<'

    def __setstate__(self, state):
        self.order = state[1] if state[1] in '<>' else '<'


class _Array:
    def __setstate__(self, state):
        _, self.shape, self.dtype, self.fortran, self.data = state


def _reconstruct(*_):
    return _Array()


class _NumpyUnpickler(pickle.Unpickler):
    """Maps the three numpy globals an object array pickle uses to inert stand-ins."""

    def find_class(self, module, name):
        if module.endswith('multiarray') and name == '_reconstruct':
            return _reconstruct
        if module == 'numpy' and name == 'ndarray':
            return _Array
        if module == 'numpy' and name == 'dtype':
            return _Dtype
        raise pickle.UnpicklingError(f'refusing global {module}.{name}')


def _decode(kind, order, raw, count):
    fmt = {'i1': 'b', 'i2': 'h', 'i4': 'i', 'i8': 'q', 'f8': 'd', 'f4': 'f'}[kind]
    values = struct.unpack(f'{order}{count}{fmt}', raw[:count * struct.calcsize(fmt)])
    return [Fraction(v) for v in values]


def _flat(arr):
    """Row-major flat list of Fractions and the shape of a reconstructed numeric array."""
    shape = tuple(arr.shape)
    count = math.prod(shape)
    descr = arr.dtype.descr.lstrip('<>|=')
    values = _decode(descr, arr.dtype.order, arr.data, count)
    if arr.fortran and len(shape) == 2:
        rows, cols = shape
        values = [values[c * rows + r] for r in range(rows) for c in range(cols)]
    return values, shape


def read_npz(path, key):
    with zipfile.ZipFile(path) as z:
        raw = z.read(key + '.npy')
    major = raw[6]
    hlen = struct.unpack('<H' if major == 1 else '<I', raw[8:10] if major == 1 else raw[8:12])[0]
    start = (10 if major == 1 else 12) + hlen
    header = ast.literal_eval(raw[start - hlen:start].decode('latin1'))
    body = raw[start:]
    if header['descr'] == '|O':
        arrays = _NumpyUnpickler(io.BytesIO(body)).load().data
        return [_flat(a) for a in arrays]
    three, rows, rank = header['shape']
    order, kind = header['descr'][0], header['descr'][1:]
    values = _decode(kind, order if order in '<>' else '<', body, three * rows * rank)
    return [(values[t * rows * rank:(t + 1) * rows * rank], (rows, rank)) for t in range(3)]


def from_npz(path, key):
    m, k, n = (int(x) for x in key.split(','))
    (u, us), (v, vs), (w, ws) = read_npz(path, key)
    rank = us[1]
    assert us == (m * k, rank) and vs == (k * n, rank) and ws == (n * m, rank), (us, vs, ws)
    mat = lambda flat, rows: [flat[r * rank:(r + 1) * rank] for r in range(rows)]
    wt = mat(w, n * m)
    # AlphaTensor's W row l*m+i is C[i][l]; the project's row i*n+l is.
    w_rows = [wt[l * m + i] for i in range(m) for l in range(n)]
    return m, k, n, rank, mat(u, m * k), mat(v, k * n), w_rows


def read_sms(path):
    with open(path) as f:
        lines = [ln.split() for ln in f if ln.strip() and not ln.startswith('#')]
    rows, cols = int(lines[0][0]), int(lines[0][1])
    dense = [[Fraction(0)] * cols for _ in range(rows)]
    for i, j, val in lines[1:]:
        if (i, j) == ('0', '0'):
            break
        dense[int(i) - 1][int(j) - 1] = Fraction(val)
    return dense


def from_sms(prefix):
    lm, rm, pm = (read_sms(f'{prefix}_{s}.sms') for s in 'LRP')
    rank, mk, kn, mn = len(lm), len(lm[0]), len(rm[0]), len(pm)
    m = math.isqrt(mk * mn // kn)
    k, n = mk // m, mn // m
    transpose = lambda a: [list(col) for col in zip(*a)]
    return m, k, n, rank, transpose(lm), transpose(rm), pm


def coeff(q):
    return q.numerator if q.denominator == 1 else f'{q.numerator}/{q.denominator}'


def write_json(out, meta, m, k, n, rank, u, v, w):
    head = dict(format='lapack-ai-scheme', version=1, name=meta.name, m=m, k=k, n=n, rank=rank,
                field=meta.field, source=meta.source, licence=meta.licence,
                description=meta.description)
    parts = [f'  {json.dumps(key)}: {json.dumps(val)}' for key, val in head.items()]
    for label, rows in (('U', u), ('V', v), ('W', w)):
        body = ',\n'.join('    ' + json.dumps([coeff(x) for x in row]) for row in rows)
        parts.append(f'  "{label}": [\n{body}\n  ]')
    text = '{\n' + ',\n'.join(parts) + '\n}\n'
    tmp = out + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('kind', choices=['npz', 'sms'])
    p.add_argument('path', help='.npz file, or the L/R/P prefix for sms')
    p.add_argument('key', nargs='?', help='npz key "m,k,n"')
    p.add_argument('-o', '--output', required=True)
    p.add_argument('--name', required=True)
    p.add_argument('--field', default='Q', choices=['Q', 'GF2'])
    p.add_argument('--source', default='')
    p.add_argument('--licence', default='')
    p.add_argument('--description', default='')
    a = p.parse_args()
    scheme = from_npz(a.path, a.key) if a.kind == 'npz' else from_sms(a.path)
    write_json(a.output, a, *scheme)


if __name__ == '__main__':
    sys.exit(main())
