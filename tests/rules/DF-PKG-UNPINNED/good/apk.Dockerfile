FROM alpine:3.19
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20231014-r0 musl-dev~1.2 ./x.apk
RUN apk add --no-cache -t .rundeps "curl>8.0" bash=5.2.21-r0 --repository https://dl-cdn.alpinelinux.org/alpine/edge/main
