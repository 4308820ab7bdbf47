FROM alpine:3.19 AS build
HEALTHCHECK CMD ["true"]
FROM alpine:3.19
COPY --from=build /etc/os-release /tmp/
