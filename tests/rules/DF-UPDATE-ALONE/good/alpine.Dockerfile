FROM alpine:3.19
RUN apk update && apk add curl=8.5.0-r0 && rm -rf /var/cache/apk/*
RUN apk add --update-cache bash=5.2.21-r0
