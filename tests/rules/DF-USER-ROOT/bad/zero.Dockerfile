FROM alpine:3.19
USER 0:0
