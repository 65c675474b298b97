# lapack-ai in a container: `docker build -t lapack-ai .` then `docker run --rm lapack-ai devices`.
# Build stage: Debian 12 with exactly the packages scripts/install-deps.sh installs (the same
# script CI runs, so the two cannot drift), then `lapack-ai bundle`. Runtime stage: debian:12-slim
# plus the unpacked bundle (binary, its non-system libraries with an $ORIGIN RUNPATH, netlib for
# `reference`, the other BLAS builds for lib:NAME) — no apt packages, well under 500 MB.
# GPUs: run with the NVIDIA container toolkit (`docker run --gpus all ...`); it mounts the driver's
# user-space libraries for the capabilities below (compute includes libnvidia-opencl.so.1 and
# libcuda.so.1) but writes no OpenCL ICD file, so the image carries
# /etc/OpenCL/vendors/nvidia.icd naming it for the bundled ICD loader. cuda loads libcuda from the
# driver and cuBLAS/cuSOLVER from LD_LIBRARY_PATH or a CUDA toolkit mounted into the container.
# The user is numeric (10001:10001) so a runtime enforcing non-root can verify it.
# cloud/README.md ("Container image") has the commands; tests/cloud/bundle_dockerfile_test.cc and
# dockerfile_lint.py (hadolint) check this file.

FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /src
COPY scripts/install-deps.sh scripts/
RUN ./scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DLAPACK_AI_BUILD_TESTS=OFF \
 && cmake --build /build -j "$(nproc)" --target lapack-ai \
 && /build/apps/lapack-ai bundle -o /bundle \
 && mkdir -p /opt/lapack-ai \
 && tar -xzf /bundle/lapack-ai-*.tar.gz -C /opt/lapack-ai --strip-components=1

FROM debian:12-slim AS runtime
LABEL org.opencontainers.image.title="lapack-ai" \
      org.opencontainers.image.description="Which BLAS/LAPACK backend to use here, and is it accurate"
COPY --from=build /opt/lapack-ai /opt/lapack-ai
RUN ln -s /opt/lapack-ai/bin/lapack-ai /usr/local/bin/lapack-ai \
 && mkdir -p /etc/OpenCL/vendors \
 && echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd \
 && groupadd --gid 10001 lapack \
 && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin lapack
ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 10001:10001
WORKDIR /home/lapack
ENTRYPOINT ["lapack-ai"]
CMD ["bench"]
