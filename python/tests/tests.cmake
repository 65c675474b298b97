# pytest over the build tree's package (label `python`), one CTest test per test file so ctest -j
# spreads them; and the fresh-venv wheel check. Included from tests/CMakeLists.txt when the
# module is built.
set(LAPACK_AI_PY_TESTS linalg errors zero_copy records)
foreach(name IN LISTS LAPACK_AI_PY_TESTS)
  add_test(NAME python_${name}
    COMMAND ${LAPACK_AI_PY_EXECUTABLE} -m pytest -q -p no:cacheprovider
            ${PROJECT_SOURCE_DIR}/python/tests/test_${name}.py)
  set_tests_properties(python_${name} PROPERTIES LABELS python
    ENVIRONMENT "PYTHONPATH=$<TARGET_FILE_DIR:_core>/..")
endforeach()

# Builds a wheel from the checkout (pip wheel ., tests off, only the module's targets), installs
# it in a new venv and runs the issue's check. Minutes: it compiles libcore again.
add_test(NAME python_wheel
  COMMAND ${PROJECT_SOURCE_DIR}/python/tests/wheel_check.sh ${LAPACK_AI_PY_EXECUTABLE}
          ${CMAKE_CURRENT_BINARY_DIR}/python_wheel)
# COST: the longest test (~8 min) starts first under ctest -j, beside the short ones, instead
# of running alone at the end.
set_tests_properties(python_wheel PROPERTIES LABELS "python;wheel" TIMEOUT 1200 COST 1000
  SKIP_REGULAR_EXPRESSION "SKIPPED: ")
