FROM alpine:3.19 AS base
USER root
FROM base
RUN id
