# A small image holding only the supportmap binary, run as a user without privileges.
#
#   docker build -t supportmap .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" supportmap check
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" supportmap build
#   docker run --rm -p 1111:1111 -v "$PWD:/site" supportmap serve --bind 0.0.0.0
#
# The build stage compiles a static (musl) binary, so the final stage needs no libraries.
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev gcc make
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && strip target/release/supportmap

FROM alpine:3.20
RUN adduser -D -H -u 10001 supportmap
COPY --from=build /src/target/release/supportmap /usr/local/bin/supportmap
USER 10001
WORKDIR /site
EXPOSE 1111
ENTRYPOINT ["supportmap"]
CMD ["--help"]
