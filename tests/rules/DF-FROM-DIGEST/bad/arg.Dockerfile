ARG V=3.19
FROM alpine:${V}
