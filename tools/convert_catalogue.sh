#!/bin/sh
# Regenerates data/schemes/*.json from the upstream files (run once by hand; the JSON ships).
# Usage: tools/convert_catalogue.sh /path/to/schemes   (holding alphatensor/ and plinopt/)
set -eu
SRC=${1:?usage: convert_catalogue.sh SCHEMES_DIR}
OUT=$(dirname "$0")/../data/schemes
TOOL="python3 $(dirname "$0")/scheme_to_json.py"
AT="AlphaTensor, Fawzi et al., Nature 610:47-53 (2022); deepmind/alphatensor algorithms"
ATL="CC BY 4.0"
PL="PLinOpt data (J.-G. Dumas, C. Pernet, A. Sedoglavic), jgdumas/plinopt"
PLL="CeCILL-B"
mkdir -p "$OUT"
$TOOL sms "$SRC/plinopt/2x2x2_7_Strassen" -o "$OUT/strassen.json" --name strassen \
  --source "V. Strassen, Gaussian elimination is not optimal, Numer. Math. 13 (1969); coefficients from $PL" \
  --licence "$PLL" --description "Strassen's 2x2x2 scheme, 7 products, 18 additions"
$TOOL sms "$SRC/plinopt/2x2x2_7_Winograd" -o "$OUT/winograd.json" --name winograd \
  --source "S. Winograd's variant of Strassen's scheme (1971); coefficients from $PL" \
  --licence "$PLL" --description "Winograd's 2x2x2 variant, 7 products, 15 additions with reuse"
$TOOL npz "$SRC/alphatensor/factorizations_r.npz" 4,4,4 -o "$OUT/alphatensor-4x4x4.json" \
  --name alphatensor-4x4x4 --source "$AT/factorizations_r.npz key 4,4,4" --licence "$ATL" \
  --description "AlphaTensor's 4x4x4 scheme over Z, 49 products, coefficients in {-1,0,1}"
for key in 3,4,5 4,4,5 4,5,5; do
  name=alphatensor-$(echo $key | tr , x)
  $TOOL npz "$SRC/alphatensor/factorizations_r.npz" $key -o "$OUT/$name.json" --name $name \
    --source "$AT/factorizations_r.npz key $key" --licence "$ATL" \
    --description "AlphaTensor's $(echo $key | tr , x) scheme for real arithmetic"
done
$TOOL npz "$SRC/alphatensor/factorizations_f2.npz" 4,4,4 -o "$OUT/alphatensor-4x4x4-gf2.json" \
  --name alphatensor-4x4x4-gf2 --field GF2 --source "$AT/factorizations_f2.npz key 4,4,4" \
  --licence "$ATL" --description "AlphaTensor's 47-product 4x4x4 scheme, valid ONLY modulo 2"
$TOOL sms "$SRC/plinopt/4x4x4_48_rational" -o "$OUT/dps-4x4x4-48-rational.json" \
  --name dps-4x4x4-48-rational --licence "$PLL" \
  --source "Dumas, Pernet, Sedoglavic, arXiv 2506.13242 / hal-05112145 (2025); $PL" \
  --description "48-product 4x4x4 scheme over any ring containing 1/2"
$TOOL sms "$SRC/plinopt/4x4x4_48_accurate" -o "$OUT/dps-4x4x4-48-accurate.json" \
  --name dps-4x4x4-48-accurate --licence "$PLL" \
  --source "Dumas, Pernet, Sedoglavic, arXiv 2603.18699 (2026); $PL" \
  --description "More accurate 48-product 4x4x4 scheme (E=148)"
$TOOL sms "$SRC/plinopt/4x4x4_49_156" -o "$OUT/4x4x4-49-156.json" \
  --name 4x4x4-49-156 --licence "$PLL" --source "$PL, 4x4x4_49_156" \
  --description "49-product 4x4x4 scheme whose linear parts need 156 additions"
