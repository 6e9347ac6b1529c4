# Build stage: compile the release binary.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY leadline-core ./leadline-core
COPY leadline-generators ./leadline-generators
COPY migrations ./migrations
COPY sql ./sql
COPY static ./static
COPY templates ./templates
COPY tests ./tests
RUN cargo build --release --locked --bin leadline

# Run stage: the binary alone, as an unprivileged user.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /app leadline
WORKDIR /app
COPY --from=build /src/target/release/leadline /usr/local/bin/leadline
USER leadline
ENV LEADLINE_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["leadline"]
CMD ["serve"]
