FROM alpine:3.19 AS base
RUN apk add curl=8.5.0-r0
FROM base
RUN apk --update add bash=5.2.21-r0
