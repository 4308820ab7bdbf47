FROM alpine:3.19 AS a
USER rootless
FROM alpine:3.19
USER 1000:0
