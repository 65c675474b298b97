# Tests of the portable bundle and the ssh and slurm providers (cloud/remote.cmake), against a
# real sshd and a one-node Slurm cluster the tests start. TEST_SUITE("cloud"): `ctest -L cloud`.
list(APPEND LAPACK_AI_TEST_SOURCES
  cloud/fixtures_util.cc
  cloud/fixtures_bundle.cc
  cloud/fixtures_provider.cc
  cloud/fixtures_sshd.cc
  cloud/fixtures_slurm.cc
  cloud/fixtures_cli.cc
  cloud/bundle_test.cc
  cloud/bundle_dockerfile_test.cc
  cloud/ssh_provider_test.cc
  cloud/slurm_provider_test.cc
  cloud/ssh_cli_test.cc
  cloud/slurm_cli_test.cc
)
