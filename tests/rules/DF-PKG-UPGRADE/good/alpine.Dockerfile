FROM alpine:3.19
RUN apk upgrade --no-cache openssl libcrypto3
RUN apk add --no-cache --upgrade curl=8.5.0-r0
