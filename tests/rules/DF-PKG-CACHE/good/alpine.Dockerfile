FROM alpine:3.19
RUN apk add --no-cache bash=5.2.21-r0 && apk --no-cache add curl=8.5.0-r0
RUN apk add less=643-r1 && rm -rf /var/cache/apk/*
RUN --mount=type=cache,target=/var/cache/apk apk add file=5.45-r1
RUN apk add --no-cache --virtual .deps gcc=13.2.1_git20231014-r0 && apk del .deps
